package dev.blocklab.report;

import dev.blocklab.report.Comparison.Change;
import dev.blocklab.report.Comparison.Verdict;

/** With a baseline run: each headline metric's change and whether it is significant. */
final class ComparisonSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        if (context.comparison().isEmpty()) {
            return;
        }
        Comparison c = context.comparison().get();
        out.append("## Compared with run `").append(c.baselineRunId()).append("`\n\n");
        out.append(String.format(java.util.Locale.ROOT, "%d significant regression(s), %d significant improvement(s), %d change(s) within the noise, "
                + "%d not testable; significance from the measurements' own spread (see [Methodology](#methodology)).%n%n",
                c.count(Verdict.WORSE), c.count(Verdict.BETTER), c.count(Verdict.NO_CHANGE), c.count(Verdict.NOT_TESTABLE)));
        out.append("A/A noise of each cell: the larger spread between its forks (same code, same machine) in either run; the gate fails"
                + " only on a significant regression larger than both its threshold and that noise (with one fork there is none to"
                + " measure, and only the threshold guards).\n\n");
        MarkdownTable table = new MarkdownTable("cell", "metric", ">baseline", ">this run", ">change", ">A/A noise", "verdict", "evidence");
        for (Change change : c.changes()) {
            String verdict = change.verdict() == Verdict.WORSE ? "**worse**" : change.verdict().label();
            table.row("`" + change.cell() + "`", change.metric(), Fmt.num(change.baseline()) + " " + change.unit(),
                    Fmt.num(change.current()) + " " + change.unit(), Fmt.change(change.relative()),
                    Double.isNaN(change.noise()) ? Fmt.NONE : Fmt.percent(change.noise()), verdict, change.evidence());
        }
        if (table.isEmpty()) {
            out.append("No cell was measured in both runs.\n\n");
        } else {
            table.appendTo(out);
        }
        if (!c.onlyHere().isEmpty()) {
            out.append("Measured only in this run: ").append(String.join(", ", c.onlyHere().stream().map(n -> "`" + n + "`").toList())).append(".\n\n");
        }
        if (!c.onlyInBaseline().isEmpty()) {
            out.append("Measured only in the baseline: ").append(String.join(", ", c.onlyInBaseline().stream().map(n -> "`" + n + "`").toList())).append(".\n\n");
        }
    }
}
