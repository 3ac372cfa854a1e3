package dev.blocklab.report;

/** One section of REPORT.md; sections are listed, in order, in {@link MarkdownReport}. */
interface Section {
    void appendTo(StringBuilder out, ReportContext context);
}
