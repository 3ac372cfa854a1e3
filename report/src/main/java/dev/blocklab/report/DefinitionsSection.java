package dev.blocklab.report;

import dev.blocklab.results.CellStatus;
import dev.blocklab.results.Cost;
import dev.blocklab.results.OpenLoad;
import dev.blocklab.results.Run;
import java.util.Locale;

/**
 * The words the verdict and the findings use, defined once, before the findings use them; each threshold is the
 * constant the sections apply, so the definition and the rule cannot drift apart.
 */
final class DefinitionsSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        if (run.scenarios().isEmpty()) {
            return;
        }
        out.append("## Definitions\n\n");
        out.append("- **Variant**: where the handler runs × which clients it calls with; each is described under [Methodology](#methodology).\n");
        out.append("- **In flight (N)**: how many slow requests `/io/<scenario>?ms=D` the load keeps open at once; **D** is what each waits "
                + "downstream (").append(VerdictSection.delays(run)).append("). `GET /`, a constant answer with no I/O, is probed alongside.\n");
        out.append("- **Bound**: Little's law, the most slow requests per second the path can complete: its smallest concurrency limit "
                + "(worker threads, offload threads, database pool, IO threads, or N itself) / D. It assumes the requests spread evenly over "
                + "that limit.\n");
        out.append("- **Efficiency**: slow throughput / bound, always beside the absolute requests per second: a variant whose bound is tiny "
                + "(`loop-blocking`: its IO threads / D) can reach it and still complete far fewer requests than the others; **of the best** "
                + "compares absolute throughput across variants at the same level.\n");
        out.append(String.format(Locale.ROOT, "- **Stalled**: `GET /`'s p99 (the open-loop probe's or JMH's) reached %s: it waited behind slow "
                + "work. **Degraded**: under that line, but more than %s× the same variant's p99 with no slow load: slower, still answering.%n",
                Fmt.ms(FindingsSection.STALL_MS), Fmt.plain(FindingsSection.DEGRADED_TIMES)));
        out.append("- **Errors**: more than " + Fmt.percent(CellStatus.ERROR_SHARE) + " of the cell's requests failed or went unanswered"
                + " within their time budget (see [Methodology](#methodology)); such a cell is shown, never averaged in silently.\n");
        out.append(String.format(Locale.ROOT, "- **Not sent**: arrivals the open-model generator held back because its cap (%s) was already "
                + "in flight: the server was not keeping up.%n", OpenLoad.CAP_RULE));
        out.append(String.format(Locale.ROOT, "- **Harness-limited**: the generator itself was late (p99 of its dispatch lag over max(%s, D × %s)): "
                + "the figures are the harness's as much as the server's, so the cell is kept out of the verdict, findings and charts.%n",
                Fmt.ms(OpenLoad.MIN_LAG_MS), Fmt.plain(OpenLoad.MAX_LAG_SHARE)));
        out.append(String.format(Locale.ROOT, "- **Breaking point**: the lowest level where a variant stalled, fell under %s of its bound or had "
                + "errors, with the pool or the machine that was full there.%n", Fmt.percent(VerdictSection.EFFICIENT)));
        out.append(String.format(Locale.ROOT, "- **Server CPU per request**: the server JVM's CPU time (user and system, from `/proc`) over the "
                + "requests it completed in the measurement window. The **machine** is called saturated when %s of all cores' time was busy: "
                + "the cell then measured the machine, not the variant.%n%n", Fmt.percent(Cost.SATURATED)));
    }
}
