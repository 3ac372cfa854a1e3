package dev.blocklab.report;

/**
 * A section below the fold: the bulk (per-cell tables, calibration, environment) stays one click away, so that the
 * first screens hold the verdict and the findings. GitHub renders Markdown inside {@code <details>} when blank lines
 * surround it; current browsers open the fold when a link of the table of contents leads to a heading inside.
 */
record Folded(Section section, String summary) implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        StringBuilder inner = new StringBuilder();
        section.appendTo(inner, context);
        if (inner.isEmpty()) {
            return;
        }
        out.append("<details>\n<summary>").append(summary).append("</summary>\n\n")
                .append(inner).append("</details>\n\n");
    }
}
