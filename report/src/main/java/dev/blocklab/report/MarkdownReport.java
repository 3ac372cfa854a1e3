package dev.blocklab.report;

import dev.blocklab.results.RunManifest;
import dev.blocklab.results.Run;
import java.util.List;

/** REPORT.md: a title, then the sections in reading order (the verdict first, reproduction last). */
final class MarkdownReport {
    /** What a reader needs, in reading order; the charts next to the findings they support. */
    private static final List<Section> SECTIONS = List.of(new VerdictSection(), new DefinitionsSection(), new FindingsSection(), new FastApiSection(),
            new ChartsSection(), new ComparisonSection(), new LessonSection(), new LimitationsSection(), new MethodologySection(),
            new Folded(new MatrixSection(), "Measurements: every cell's throughput and latency"),
            new Folded(new CostSection(), "Cost: every cell's CPU, memory and threads"), new Folded(new DiagnosisSection(), "Diagnosis: every cell's JFR and py-spy figures"),
            new Folded(new CalibrationSection(), "Calibration: the harness measured against wrk"),
            new Folded(new EnvironmentSection(), "Environment and reproduction: machine, JVMs, options, raw files"));

    private MarkdownReport() {}

    static String render(ReportContext context) {
        RunManifest m = context.run().manifest();
        StringBuilder out = new StringBuilder();
        out.append("# blocklab: what a blocking call costs a server\n\n");
        out.append("Run `").append(m.runId()).append("` (profile `").append(m.parameters().profile()).append("`, ").append(m.status())
                .append("), commit `").append(shortCommit(m.git().commit())).append('`').append(m.git().dirty() ? " with uncommitted changes" : "")
                .append(". Every figure below is read from this run's files; see [Environment and reproduction](#environment-and-reproduction).\n\n");
        if (!m.environmentMismatches().isEmpty()) {
            // A merged run whose parts were measured apart: its comparisons are not side by side, and the reader learns it first.
            out.append("**Not one environment:** this run was merged from ").append(m.mergedFrom().size()).append(" parts (")
                    .append(String.join("; ", m.mergedFrom().stream().map(s -> "`" + s.runId() + "` on " + (s.machine() == null ? "an unrecorded machine" : s.machine())).toList()))
                    .append(") that differ: ").append(String.join("; ", m.environmentMismatches()))
                    .append(". Figures from different parts are not comparable side by side.\n\n");
        }
        SECTIONS.getFirst().appendTo(out, context);
        StringBuilder rest = new StringBuilder();
        for (Section section : SECTIONS.subList(1, SECTIONS.size())) {
            section.appendTo(rest, context);
        }
        // After the first screen, a table of contents of what follows.
        List<String> contents = rest.toString().lines().filter(l -> l.startsWith("## "))
                .map(l -> "[" + l.substring(3) + "](#" + anchor(l.substring(3)) + ")").toList();
        if (!contents.isEmpty()) {
            out.append("**Contents:** ").append(String.join(" · ", contents)).append("\n\n");
        }
        return out.append(rest).toString();
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
