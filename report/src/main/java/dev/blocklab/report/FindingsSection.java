package dev.blocklab.report;

import dev.blocklab.results.Bound;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.Diagnosis;
import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.ClientStyle;
import dev.blocklab.vocabulary.Execution;
import dev.blocklab.vocabulary.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The findings, as sentences generated from the run: which variants kept {@code GET /} answering, what blocked
 * the event loop, how close each came to its bound, what the closed loop hid. A variant "stalled" when the fast
 * endpoint's p99 (JMH or probe) reached the delay of one slow call: it waited behind one.
 */
final class FindingsSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        out.append("## Findings\n\n");
        List<String> bullets = new ArrayList<>();
        for (Scenario scenario : run.scenarios()) {
            int threads = run.headlineLevel(scenario);
            List<Cell> cells = run.mixed(scenario).stream().filter(c -> c.slowThreads() == threads && c.status().servers()).toList();
            if (cells.isEmpty()) {
                continue;
            }
            int delay = cells.getFirst().delayMs();
            List<String> points = new ArrayList<>();
            answering(cells, points);
            sharedPool(cells, points);
            eventLoop(cells, points);
            bounds(cells, points);
            connectionWaits(cells, points);
            omission(cells, run.baselines(), points);
            bullets.add(String.format(Locale.ROOT, "**Scenario `%s`**, %d slow requests in flight, each slow call waiting %d ms:", scenario.id(), threads, delay)
                    + points.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
        }
        shortfallsElsewhere(run).ifPresent(bullets::add);
        List<Cell> floors = run.baselines().stream().filter(c -> c.status().measured()).toList();
        if (!floors.isEmpty()) {
            DoubleRange p50 = DoubleRange.of(floors.stream().map(c -> c.fast().map(r -> r.latencyMs().p50()).orElse(Double.NaN)).toList());
            bullets.add("With no slow load (baseline cells), `GET /` answered with a JMH p50 of " + p50.text("ms") + " across "
                    + floors.size() + " variant(s): the floor of harness plus server.");
        }
        List<String> unmeasured = run.cells().stream().filter(c -> c.status() != CellStatus.OK)
                .map(c -> "`" + c.name() + "` (" + c.status().label() + (c.reason().isEmpty() ? "" : ": " + c.reason()) + ")").toList();
        if (!unmeasured.isEmpty()) {
            bullets.add(unmeasured.size() + " of " + run.cells().size() + " cells are not clean measurements: " + String.join("; ", unmeasured) + ".");
        }
        if (bullets.isEmpty()) {
            bullets.add("No cell of this run was measured, so there is nothing to conclude; see the status of each cell below.");
        }
        bullets.forEach(b -> out.append("- ").append(b).append('\n'));
        out.append('\n');
    }

    private static void answering(List<Cell> cells, List<String> bullets) {
        List<Cell> kept = new ArrayList<>();
        List<Cell> stalled = new ArrayList<>();
        for (Cell cell : cells) {
            double jmh = jmhP99(cell);
            double probe = probeP99(cell);
            if (Double.isNaN(jmh) || Double.isNaN(probe)) {
                continue; // Unknown is neither kept nor stalled.
            }
            (stalled(cell) ? stalled : kept).add(cell);
        }
        StringBuilder s = new StringBuilder();
        if (!kept.isEmpty()) {
            s.append("`GET /` kept answering on ").append(names(kept)).append(": JMH p99 ")
                    .append(DoubleRange.of(kept.stream().map(FindingsSection::jmhP99).toList()).text("ms"))
                    .append(", open-loop probe p99 ").append(DoubleRange.of(kept.stream().map(FindingsSection::probeP99).toList()).text("ms"))
                    .append(String.format(Locale.ROOT, ", under the %.0f ms stall line", STALL_MS));
        }
        if (!stalled.isEmpty()) {
            s.append(kept.isEmpty() ? "" : ". ").append(kept.isEmpty() ? "`GET /` stalled" : "It stalled").append(" on ")
                    .append(names(stalled)).append(": ");
            double worstKeptProbe = kept.stream().mapToDouble(FindingsSection::probeP99).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            s.append(stalled.stream().map(c -> {
                String text = "`" + c.variant().id() + "` JMH p99 " + Fmt.ms(jmhP99(c)) + ", probe p99 " + Fmt.ms(probeP99(c));
                double ratio = probeP99(c) / worstKeptProbe;
                return Double.isNaN(ratio) ? text : text + " (" + Fmt.times(ratio) + " the highest probe p99 among those that kept answering)";
            }).collect(Collectors.joining("; ")));
        }
        bullets.add(s.append('.').toString());
    }

    /**
     * A variant whose handler runs on a bounded worker pool runs {@code GET /} there too: once the slow requests
     * hold every worker, the fast one queues for a free worker. That is no blocked loop, so the JFR bullet cannot
     * explain it; the probe's median, against the variants whose {@code GET /} has no such queue, shows it.
     */
    private static void sharedPool(List<Cell> cells, List<String> bullets) {
        List<Cell> full = cells.stream().filter(c -> c.variant().execution() == Execution.PLATFORM_POOL
                && c.pools().getOrDefault("workerThreads", Integer.MAX_VALUE) <= c.slowThreads()).toList();
        List<Cell> others = cells.stream().filter(c -> c.variant().execution() != Execution.IO_THREAD
                || c.variant().clients() != ClientStyle.BLOCKING).filter(c -> !full.contains(c)).toList();
        for (Cell cell : full) {
            bullets.add(String.format(Locale.ROOT, "`%s` runs every route, `GET /` included, on its pool of %d worker threads, which the %d slow"
                            + " requests fill: `GET /` waits for a free worker. Open-loop probe p50 %s, against %s on %s.",
                    cell.variant().id(), cell.pools().get("workerThreads"), cell.slowThreads(), Fmt.ms(probeP50(cell)),
                    DoubleRange.of(others.stream().map(FindingsSection::probeP50).toList()).text("ms"), names(others)));
        }
    }

    private static double probeP50(Cell c) {
        return c.probe().map(p -> p.latencyMs().p50()).orElse(Double.NaN);
    }

    private static void eventLoop(List<Cell> cells, List<String> bullets) {
        List<Cell> diagnosed = cells.stream().filter(c -> c.loopBlocked().isPresent()).toList();
        if (diagnosed.isEmpty()) {
            return;
        }
        Cell worst = diagnosed.stream().max(Comparator.comparingDouble(FindingsSection::blocked)).orElseThrow();
        Diagnosis d = worst.diagnosis().orElseThrow();
        boolean jfr = worst.variant().edition().recordedWithJfr();
        StringBuilder s = new StringBuilder(jfr ? "JFR: `" : "py-spy: `").append(worst.variant().id())
                .append("`'s event-loop threads were blocked ").append(Fmt.percent(blocked(worst))).append(" of the measured window");
        if (d.topFrame().present()) {
            s.append(", longest in `").append(d.topFrame().event()).append("` under ").append(DiagnosisSection.frame(d.topFrame()))
                    .append(String.format(Locale.ROOT, " (%d %s, %s%s)", d.topFrame().count(), jfr ? "events" : "samples", Fmt.ms(d.topFrame().totalMs()),
                            worst.diagnoses().size() > 1 ? " in the first fork" : ""));
        }
        List<Cell> others = diagnosed.stream().filter(c -> c != worst).toList();
        if (!others.isEmpty()) {
            s.append("; the others' at most ").append(Fmt.percent(others.stream().mapToDouble(FindingsSection::blocked).max().orElse(0)))
                    .append(" (").append(others.stream().map(c -> "`" + c.variant().id() + "` " + Fmt.percent(blocked(c)))
                            .collect(Collectors.joining(", "))).append(')');
        }
        bullets.add(s.append('.').toString());
    }

    private static void bounds(List<Cell> cells, List<String> bullets) {
        List<Cell> bounded = cells.stream().filter(c -> c.bound().isPresent() && c.slow().isPresent()).toList();
        if (bounded.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder("Slow-route throughput against its Little's-law bound: ");
        s.append(bounded.stream().map(c -> {
            Bound b = c.bound().orElseThrow();
            return String.format(Locale.ROOT, "`%s` %s of %s req/s (%s, limited by %s = %s)", c.variant().id(),
                    Fmt.num(c.slow().orElseThrow().throughput()), Fmt.num(b.throughput()), Fmt.percent(c.efficiency()), b.limitedBy(),
                    Optional.ofNullable(b.limits().get(b.limitedBy())).map(String::valueOf).orElse("?"));
        }).collect(Collectors.joining("; "))).append('.');
        List<Cell> low = bounded.stream().filter(c -> c.efficiency().isPresent() && c.efficiency().getAsDouble() < 0.9).toList();
        shortfalls(low, c -> "`" + c.variant().id() + "`", s);
        bullets.add(s.toString());
    }

    /**
     * Where requests waited for a database connection (the server's JFR events of each wait): more in flight than the pool
     * has connections shows here first, whatever runs the handler.
     */
    private static void connectionWaits(List<Cell> cells, List<String> bullets) {
        List<Cell> waited = cells.stream().filter(c -> c.connectionWait().isPresent()).toList();
        if (waited.isEmpty()) {
            return;
        }
        bullets.add("Waits for a database connection, by the server's own count: " + waited.stream().map(c -> {
            Diagnosis.ConnectionWait w = c.connectionWait().orElseThrow();
            return String.format(Locale.ROOT, "`%s` mean %s, longest %s (%d waits; pool of %s)", c.variant().id(), Fmt.ms(w.meanMs()), Fmt.ms(w.maxMs()),
                    w.count(), Optional.ofNullable(c.pools().get("dbPool")).map(String::valueOf).orElse("?"));
        }).collect(Collectors.joining("; ")) + ". A pool gives up a wait after the server's timeout slack (`--timeout-slack-ms`), so a"
                + " mean near it says nearly every request waited that long and failed there.");
    }

    /** Cells below 90% of their bound at the concurrencies the scenario bullets do not show, said the same way. */
    private static Optional<String> shortfallsElsewhere(Run run) {
        List<Cell> low = new ArrayList<>();
        for (Scenario scenario : run.scenarios()) {
            int headline = run.headlineLevel(scenario);
            run.mixed(scenario).stream().filter(c -> c.slowThreads() != headline && c.status().servers() && c.slow().isPresent()
                    && c.bound().isPresent() && c.efficiency().isPresent() && c.efficiency().getAsDouble() < 0.9).forEach(low::add);
        }
        if (low.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder("At the other concurrencies of the sweep, every other cell reached 90% of its Little's-law bound.");
        shortfalls(low, c -> String.format(Locale.ROOT, "`%s` `%s` at %d in flight", c.variant().id(),
                c.scenario().map(Scenario::id).orElse("?"), c.slowThreads()), s);
        return Optional.of(s.toString());
    }

    /**
     * Which of {@code low} (below 90% of the bound) the server explains and which the harness. Open model: the generator kept
     * its pace (a late one makes the cell harness-limited, never listed here), so the shortfall is the server's: it answered
     * late, failed, or fell so far behind that arrivals met the cap. Closed model: by the load threads' utilization.
     */
    private static void shortfalls(List<Cell> low, Function<Cell, String> name, StringBuilder s) {
        List<Cell> open = low.stream().filter(c -> c.openLoad().isPresent()).toList();
        if (!open.isEmpty()) {
            s.append(" Below 90% of the bound while the generator kept its pace, so the shortfall is the server's: ")
                    .append(open.stream().map(c -> String.format(Locale.ROOT, "%s (%.1f%% of the bound; %s failed, %s of arrivals not sent)",
                            name.apply(c), 100 * c.efficiency().getAsDouble(), Fmt.percent(c.errorRate()),
                            Fmt.percent(c.openLoad().orElseThrow().refusedShare()))).collect(Collectors.joining(", "))).append('.');
            // The server's own count tells a server that could not do the work from one that did it too late to count.
            List<Cell> late = open.stream().filter(VerdictSection::didItsBoundsWork).toList();
            if (!late.isEmpty()) {
                s.append(" Yet by the server's own count (its JFR events of finished slow calls) ")
                        .append(late.stream().map(c -> String.format(Locale.ROOT, "%s finished %s slow calls/s, %s of the bound", name.apply(c),
                                Fmt.num(c.serverSlowCallsPerSecond().getAsDouble()), Fmt.percent(c.serverEfficiency().getAsDouble())))
                                .collect(Collectors.joining(", ")))
                        .append(": the pool did all the work it could, but the requests queued in front of it waited past their budget,"
                                + " so their answers came too late to count (an unbounded queue turns a full pool into no good answers).");
            }
        }
        List<Cell> closed = low.stream().filter(c -> c.openLoad().isEmpty()).toList();
        List<Cell> busy = closed.stream().filter(c -> c.harnessUtilization().isPresent() && c.harnessUtilization().getAsDouble() >= 0.9).toList();
        List<Cell> idle = closed.stream().filter(c -> c.harnessUtilization().isPresent() && c.harnessUtilization().getAsDouble() < 0.9).toList();
        if (!busy.isEmpty()) {
            s.append(" Below 90% of the bound with the load threads busy (harness utilization ≥ 0.9), so the shortfall is the server's latency: ")
                    // Little's law again: at the bound, the slow threads' requests would each take slowThreads / bound.
                    .append(busy.stream().map(c -> String.format(Locale.ROOT, "%s (%.1f%% of the bound; slow mean %s against %s at the bound)",
                            name.apply(c), 100 * c.efficiency().getAsDouble(), Fmt.ms(c.slow().orElseThrow().meanMs()),
                            Fmt.ms(1000.0 * c.slowThreads() / c.bound().orElseThrow().throughput())))
                            .collect(Collectors.joining(", "))).append('.');
        }
        if (!idle.isEmpty()) {
            s.append(" Below 90% with the load threads idle part of the time, a limit of the harness rather than the server: ")
                    .append(idle.stream().map(c -> name.apply(c) + " (harness utilization " + Fmt.num(c.harnessUtilization()) + ")")
                            .collect(Collectors.joining(", "))).append('.');
        }
    }

    /**
     * Where the open-loop probe's p99 outgrows JMH's by more than the two differ with no load: even on an idle
     * server the probe's p99 is a few times JMH's (it sends on a schedule, JMH's paced thread after each answer),
     * so only a ratio well above that baseline is a stall the closed loop hides.
     */
    private static void omission(List<Cell> cells, List<Cell> baselines, List<String> bullets) {
        List<String> parts = new ArrayList<>();
        for (Cell c : cells) {
            double ratio = probeP99(c) / jmhP99(c);
            OptionalDouble idle = baselines.stream().filter(b -> b.variant() == c.variant() && b.status().measured())
                    .mapToDouble(b -> probeP99(b) / jmhP99(b)).filter(Double::isFinite).findFirst();
            if (ratio > 2 * Math.max(1, idle.orElse(1))) {
                parts.add(String.format(Locale.ROOT, "`%s` probe p99 %s is %s JMH's %s%s", c.variant().id(), Fmt.ms(probeP99(c)),
                        Fmt.times(ratio), Fmt.ms(jmhP99(c)), idle.isPresent() ? " (" + Fmt.times(idle.getAsDouble()) + " with no load)" : ""));
            }
        }
        if (!parts.isEmpty()) {
            bullets.add("Coordinated omission: " + String.join("; ", parts)
                    + ". JMH's fast thread waits for each answer before sending the next, so a stall costs it one slow sample; the open-loop"
                    + " probe keeps its schedule and charges the stall to every request it should have sent.");
        }
    }

    private static String names(List<Cell> cells) {
        return cells.stream().map(c -> "`" + c.variant().id() + "`").collect(Collectors.joining(", "));
    }

    /**
     * {@code GET /} stalled when its p99 (JMH's or the open-loop probe's) reached this: a constant answer that takes 100 ms
     * waited behind slow work (the idle floor is about a millisecond). Fixed, not the slow delay, which grows with the level.
     */
    static final double STALL_MS = 100;

    static boolean stalled(Cell c) {
        return jmhP99(c) >= STALL_MS || probeP99(c) >= STALL_MS;
    }

    /** Slower than this many times the variant's own no-load probe p99, but not stalled: degraded. */
    static final double DEGRADED_TIMES = 5;

    /** Under the stall line, but its probe p99 over {@link #DEGRADED_TIMES} the same variant's with no slow load (when measured). */
    static boolean degraded(Cell c, Run run) {
        OptionalDouble idle = run.baselines().stream().filter(b -> b.variant() == c.variant() && b.status().measured())
                .mapToDouble(FindingsSection::probeP99).filter(Double::isFinite).findFirst();
        return !stalled(c) && idle.isPresent() && probeP99(c) > DEGRADED_TIMES * idle.getAsDouble();
    }

    static double jmhP99(Cell c) {
        return c.fast().map(r -> r.latencyMs().p99()).orElse(Double.NaN);
    }

    static double probeP99(Cell c) {
        return c.probe().map(p -> p.latencyMs().p99()).orElse(Double.NaN);
    }

    private static double blocked(Cell c) {
        return c.loopBlocked().orElse(0);
    }

    /** The smallest and largest of some values, printed as one value or a range. */
    record DoubleRange(double min, double max) {
        static DoubleRange of(List<Double> values) {
            double min = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
            double max = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            return new DoubleRange(min, max);
        }

        String text(String unit) {
            if (Double.isNaN(min)) {
                return Fmt.NONE;
            }
            return Fmt.num(min).equals(Fmt.num(max)) ? Fmt.num(min) + " " + unit : Fmt.num(min) + "–" + Fmt.num(max) + " " + unit;
        }
    }
}
