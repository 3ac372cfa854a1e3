package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.Route;
import dev.blocklab.results.Probe;
import dev.blocklab.results.Latency;
import dev.blocklab.results.Bound;
import dev.blocklab.results.Run;
import dev.blocklab.results.RunLayout;
import dev.blocklab.vocabulary.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Per scenario, the measurements with one row per variant (and slow-thread count): slow route against its
 * bound, the fast endpoint from JMH and from the open-loop probe, errors and status. Then the no-load baselines.
 */
final class MatrixSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        out.append("## Measurements\n\n");
        out.append("Slow throughput is requests/s of `/io/<scenario>` (mean over forks; ± the spread of the forks when there are several). "
                + "Slow mean is the generator's, from each request's due time, failed requests included with their wait (closed loop: "
                + "JMH's, ± its 99.9% confidence half-width). "
                + "D is the level's slow delay. Bound is the Little's-law limit (smallest concurrency limit on the path / delay); efficiency = "
                + "throughput / bound; harness utilization = throughput × slow mean / in flight (near 1: N requests really were in flight). "
                + "Offered is the open-model generator's rate N / D, with the share of arrivals it did not send because its cap was in flight "
                + "and its own dispatch lag p99. A tail percentile that rests on fewer than 10 samples beyond it says how many (`2 beyond`: "
                + "it is the third-worst request, not a distribution). Fast `/` percentiles are JMH's closed-loop samples; probe percentiles are the open-loop probe's, "
                + "measured from each request's intended start.\n\n");
        for (Scenario scenario : run.scenarios()) {
            out.append("### Scenario `").append(scenario.id()).append("`\n\n");
            List<Cell> cells = run.mixed(scenario);
            out.append(String.format(Locale.ROOT, "`GET %s?ms=D` under slow load, `GET /` probed alongside.%n%n", scenario.path()));
            MarkdownTable table = new MarkdownTable("variant", ">in flight", ">D (ms)", ">slow req/s", ">slow mean (ms)", ">bound req/s (limit)",
                    ">efficiency", ">harness util.", ">offered/s (not sent; lag p99)", ">fast p50", ">fast p99", ">fast p99.9", ">probe p99",
                    ">probe p99.9", ">errors", "status");
            for (Cell c : cells) {
                if (!c.status().measured()) {
                    table.row("`" + c.variant().id() + "`", String.valueOf(c.slowThreads()), String.valueOf(c.delayMs()), Fmt.NONE, Fmt.NONE,
                            Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, status(c));
                    continue;
                }
                Route slow = c.slow().orElseThrow();
                Route fast = c.fast().orElseThrow();
                Latency probe = c.probe().map(Probe::latencyMs).orElse(Latency.NONE);
                table.row("`" + c.variant().id() + "`", String.valueOf(c.slowThreads()), String.valueOf(c.delayMs()), throughput(slow),
                        meanWithError(slow), c.bound().map(b -> Fmt.num(b.throughput()) + " (" + b.limitedBy() + ")").orElse(Fmt.NONE),
                        Fmt.num(c.efficiency()), Fmt.num(c.harnessUtilization()), offered(c), Fmt.ms(fast.latencyMs().p50()),
                        tail(fast.latencyMs().p99(), fast.ok() + fast.errors(), 0.99), tail(fast.latencyMs().p999(), fast.ok() + fast.errors(), 0.999),
                        tail(probe.p99(), probeCount(c), 0.99), tail(probe.p999(), probeCount(c), 0.999), errors(c), status(c));
            }
            table.appendTo(out);
        }
        out.append("### No-load baseline\n\n");
        List<Cell> baselines = run.baselines();
        if (baselines.isEmpty()) {
            out.append("This run has no baseline cells (profile `").append(run.manifest().parameters().profile())
                    .append("` does not measure `GET /` without slow load).\n\n");
            return;
        }
        out.append("`GET /` alone, no slow load: the floor of harness plus server.\n\n");
        MarkdownTable table = new MarkdownTable("variant", ">fast req/s", ">fast p50", ">fast p99", ">fast p99.9", ">probe p50", ">probe p99",
                ">probe p99.9", ">errors", "status");
        for (Cell c : baselines) {
            if (!c.status().measured()) {
                table.row("`" + c.variant().id() + "`", Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, status(c));
                continue;
            }
            Route fast = c.fast().orElseThrow();
            Latency probe = c.probe().map(Probe::latencyMs).orElse(Latency.NONE);
            table.row("`" + c.variant().id() + "`", throughput(fast), Fmt.ms(fast.latencyMs().p50()), Fmt.ms(fast.latencyMs().p99()),
                    tail(fast.latencyMs().p999(), fast.ok() + fast.errors(), 0.999), Fmt.ms(probe.p50()), tail(probe.p99(), probeCount(c), 0.99),
                    tail(probe.p999(), probeCount(c), 0.999), errors(c), status(c));
        }
        table.appendTo(out);
    }

    static String throughput(Route r) {
        List<Double> forks = r.throughputPerFork();
        if (forks.size() < 2) {
            return Fmt.num(r.throughput());
        }
        double min = forks.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = forks.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return Fmt.num(r.throughput()) + " ± " + Fmt.num((max - min) / 2) + " (" + forks.size() + " forks: "
                + forks.stream().map(Fmt::num).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * A tail percentile with, when it rests on fewer than 10 samples beyond it, how many: a p99.9 of 1,800 requests is the
     * second-worst request, not a distribution.
     */
    static String tail(double ms, long samples, double quantile) {
        long beyond = (long) Math.floor(samples * (1 - quantile));
        return Double.isNaN(ms) || beyond >= 10 ? Fmt.ms(ms) : Fmt.ms(ms) + " (" + beyond + " beyond)";
    }

    private static long probeCount(Cell c) {
        return c.probe().map(Probe::count).orElse(0L);
    }

    /** The open-model generator's self-check: the rate it offered, the share it could not send, its own lateness. */
    private static String offered(Cell c) {
        return c.openLoad().map(l -> Fmt.num(l.targetRate()) + " (" + Fmt.percent(l.refusedShare()) + "; " + Fmt.ms(l.dispatchLagP99Ms()) + ")")
                .orElse("closed loop");
    }

    private static String meanWithError(Route r) {
        return Double.isNaN(r.meanErrorMs()) ? Fmt.num(r.meanMs()) : Fmt.num(r.meanMs()) + " ± " + Fmt.num(r.meanErrorMs());
    }

    static String errors(Cell c) {
        long slow = c.slow().map(Route::errors).orElse(0L);
        long fast = c.fast().map(Route::errors).orElse(0L);
        long probe = c.probe().map(Probe::errors).orElse(0L);
        if (slow + fast + probe == 0) {
            return "0";
        }
        String why = c.openLoad().filter(l -> !l.failures().isEmpty()).map(l -> "; slow: " + l.failures().entrySet().stream()
                .map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "))).orElse("");
        return String.format(Locale.ROOT, "slow %d, fast %d, probe %d (%s%s)", slow, fast, probe, Fmt.percent(c.errorRate()), why);
    }

    static String status(Cell c) {
        String missing = c.status().measured() ? missingNote(c) : "";
        return c.status().label() + (c.reason().isEmpty() ? "" : ": " + c.reason()) + missing;
    }

    private static String missingNote(Cell c) {
        // A missing diagnosis (JFR's analysis, py-spy's samples) is said in the diagnosis section; here only what the figures need.
        List<String> lacking = c.missingFiles().stream()
                .filter(f -> !f.endsWith(RunLayout.ANALYSIS) && !f.endsWith(RunLayout.PY_SPY_SAMPLES) && !f.endsWith(RunLayout.PY_SPY_ON_CPU)).toList();
        return lacking.isEmpty() ? "" : " (missing " + String.join(", ", lacking) + ")";
    }
}
