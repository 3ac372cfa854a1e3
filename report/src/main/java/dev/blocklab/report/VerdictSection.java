package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The first screen: the lesson in one sentence and one row per variant, every figure from the run. Words used here
 * are defined under the table: a stall is {@link FindingsSection#stalled} ({@code GET /}'s p99 at or above
 * {@link FindingsSection#STALL_MS}); a variant's breaking point is the lowest slow-request level of the sweep where it stalled, fell under
 * {@link #EFFICIENT} of its bound, or failed more than 1% of requests.
 */
final class VerdictSection implements Section {
    static final double EFFICIENT = 0.9;
    /** A loop blocked less than this share of the window is not called blocked (descheduling and short I/O waits). */
    static final double BLOCKED = 0.10;

    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        List<Scenario> scenarios = run.scenarios();
        if (scenarios.isEmpty()) {
            return;
        }
        out.append("## Verdict\n\n");
        out.append(lesson(run, scenarios)).append("\n\n");
        List<String> columns = new ArrayList<>(List.of("variant", "Python counterpart", "event loop blocked (JFR; py-spy for FastAPI)"));
        scenarios.forEach(s -> columns.add(">`GET /` p99, `" + s.id() + "` at " + top(run, s)));
        Scenario first = scenarios.getFirst();
        columns.add(">`" + first.id() + "` req/s at " + top(run, first) + " (of the best)");
        columns.add(">server CPU ms / request, `" + first.id() + "` at " + top(run, first));
        columns.add("breaking point");
        MarkdownTable table = new MarkdownTable(columns.toArray(String[]::new));
        double best = run.mixed(first).stream().filter(c -> c.slowThreads() == top(run, first) && c.status().servers()).flatMap(c -> c.slow().stream())
                .mapToDouble(r -> r.throughput()).max().orElse(Double.NaN);
        for (Variant variant : run.variants()) {
            List<String> row = new ArrayList<>(List.of("`" + variant.id() + "`", variant.pythonCounterpart(), blocked(run, variant)));
            for (Scenario scenario : scenarios) {
                row.add(at(run, variant, scenario).map(c -> probe(c, run)).orElse(missing(run, variant, scenario)));
            }
            row.add(at(run, variant, first).flatMap(Cell::slow)
                    .map(r -> Fmt.num(r.throughput()) + " (" + Fmt.percent(r.throughput() / best) + ")").orElse(Fmt.NONE));
            row.add(at(run, variant, first).flatMap(Cell::cost).filter(c -> !c.serverCpuMsPerRequest().isEmpty())
                    .map(c -> Fmt.num(CostSection.median(c.serverCpuMsPerRequest()))).orElse("not measured"));
            // Per swept scenario: a database pool that breaks every variant must not hide where the HTTP cures part.
            row.add(swept(run, scenarios).stream().map(s -> "`" + s.id() + "`: " + breakingPoint(run, variant, s)).collect(Collectors.joining("; ")));
            table.row(row.toArray(String[]::new));
        }
        table.appendTo(out);
        out.append("The columns use the sweep's highest level. `GET /` p99 is the open-loop probe's, timed from each request's intended start;"
                + " event loop blocked is the worst cell's share of the measured window the IO threads spent blocked (\"no\" under "
                + Fmt.percent(BLOCKED) + "); the words in bold and italics are defined under [Definitions](#definitions)."
                + (run.variants().stream().anyMatch(v -> v.edition() == Edition.FASTAPI)
                        ? " The FastAPI rows are compared with their JVM twins, at the levels they ran, under"
                                + " [The seed's experiment in FastAPI](#the-seeds-experiment-in-fastapi-beside-the-jvm)."
                        : "")
                + "\n\n");
        // The headline chart, when the sweep has one: GET / p99 against the level, one line per variant, the stall line.
        String headline = Charts.fastFile(first);
        context.charts().stream().filter(c -> c.file().equals(headline) && run.concurrencies(first).size() > 1).findFirst()
                .ifPresent(c -> out.append("![").append(c.alt()).append("](").append(context.chartsLink()).append('/').append(headline).append(")\n\n"));
    }

    /** One sentence: where `GET /` stalled at the sweep's highest level, and where it did not. */
    private static String lesson(Run run, List<Scenario> scenarios) {
        List<String> parts = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            List<Cell> cells = run.mixed(scenario).stream().filter(c -> c.slowThreads() == top(run, scenario) && c.status().servers()).toList();
            List<Cell> stalled = cells.stream().filter(FindingsSection::stalled).toList();
            String where = "on `" + scenario.id() + "` at " + top(run, scenario) + " in flight, ";
            if (cells.isEmpty()) {
                parts.add(where + "nothing was measured");
            } else if (stalled.isEmpty()) {
                parts.add(where + "no variant stalled");
            } else {
                parts.add(where + stalled.stream().map(c -> "`" + c.variant().id() + "` (" + Fmt.ms(FindingsSection.probeP99(c)) + ")")
                        .collect(Collectors.joining(" and ")) + (cells.size() > stalled.size() ? " stalled while the others stayed under "
                        + Fmt.ms(FindingsSection.STALL_MS) : " stalled"));
            }
        }
        return "**`GET /` while slow requests were in flight (open-loop p99): " + String.join("; ", parts) + ".** A blocking call on the"
                + " event loop stalls every request that loop serves; the cures differ in what they cost and where they break.";
    }

    /** Each level's delay D, e.g. "100 ms; 2560 ms at 1024" (levels past the rate cap wait longer). */
    static String delays(Run run) {
        java.util.Map<Integer, Integer> byDelay = new java.util.TreeMap<>();
        run.cells().stream().filter(c -> !c.isBaseline()).forEach(c -> byDelay.merge(c.delayMs(), c.slowThreads(), Math::min));
        List<String> parts = new ArrayList<>();
        byDelay.forEach((delay, level) -> parts.add(parts.isEmpty() ? delay + " ms" : delay + " ms at " + level));
        return parts.isEmpty() ? Fmt.NONE : String.join("; ", parts);
    }

    /**
     * Whether the server's own count of finished slow calls came to its bound, give or take the count's noise (calls counted
     * by their end in a window a few route times long): 90 to 110%. Outside that band nothing is claimed from it (runs before
     * the count kept only succeeded calls held fast failures at a pool's timeout, far above the bound).
     */
    static boolean didItsBoundsWork(Cell c) {
        OptionalDouble server = c.serverEfficiency();
        return server.isPresent() && server.getAsDouble() >= EFFICIENT && server.getAsDouble() <= 1 + (1 - EFFICIENT);
    }

    private static int top(Run run, Scenario scenario) {
        return run.headlineLevel(scenario);
    }

    private static Optional<Cell> at(Run run, Variant variant, Scenario scenario) {
        return run.mixed(scenario).stream().filter(c -> c.variant() == variant && c.slowThreads() == top(run, scenario) && c.status().servers())
                .findFirst();
    }

    /** Why a variant has no figure of its own at the top level: not measured, or the generator could not drive it. */
    private static String missing(Run run, Variant variant, Scenario scenario) {
        List<Cell> cells = run.mixed(scenario).stream().filter(c -> c.variant() == variant && c.slowThreads() == top(run, scenario)).toList();
        if (cells.isEmpty()) {
            // A variant the run's plan left out of this level (the FastAPI edition joins a profile at fewer levels).
            return "not run at " + top(run, scenario);
        }
        return cells.stream().anyMatch(c -> c.status() == CellStatus.HARNESS_LIMITED) ? "harness-limited" : "not measured";
    }

    /** A cell's {@code GET /} p99 (open-loop probe), marked stalled or degraded: the verdict's words, wherever a p99 is stated. */
    static String probe(Cell c, Run run) {
        double p99 = FindingsSection.probeP99(c);
        return (Double.isNaN(p99) ? Fmt.NONE : Fmt.ms(p99))
                + (FindingsSection.stalled(c) ? " **stalled**" : FindingsSection.degraded(c, run) ? " *degraded*" : "");
    }

    private static String blocked(Run run, Variant variant) {
        OptionalDouble worst = run.cells().stream().filter(c -> c.variant() == variant).flatMapToDouble(c -> c.loopBlocked().stream()).max();
        if (worst.isEmpty()) {
            return variant.edition().recordedWithJfr() ? "not analysed" : "not sampled (py-spy)";
        }
        return worst.getAsDouble() >= BLOCKED ? "**yes**, " + Fmt.percent(worst.getAsDouble()) : "no (at most " + Fmt.percent(worst.getAsDouble()) + ")";
    }

    /** The lowest level, over every scenario, at which the variant stalled, fell short of its bound or failed requests. */
    /**
     * The scenarios a breaking point means something for: those measured at several levels. One measured at a single level
     * (the full profile's rows of the seed's table at 16) has its verdict in its p99 column already; when no scenario was
     * swept, every one.
     */
    private static List<Scenario> swept(Run run, List<Scenario> scenarios) {
        List<Scenario> swept = scenarios.stream()
                .filter(s -> run.mixed(s).stream().map(Cell::slowThreads).distinct().count() > 1).toList();
        return swept.isEmpty() ? scenarios : swept;
    }

    /**
     * The server's GC pauses over the window, where they add up to the stall line or more: a pause stops every thread, so
     * `GET /` waits it out whatever the concurrency model. Said as a figure beside the stall, not as its proven cause.
     */
    static Optional<String> gcPauses(Cell c) {
        double total = c.diagnoses().stream().flatMapToDouble(d -> d.gcPauseTotalMs().stream()).sum();
        long pauses = c.diagnoses().stream().flatMapToLong(d -> d.gcPauses().stream()).sum();
        return total >= FindingsSection.STALL_MS && pauses > 0
                ? Optional.of(Fmt.ms(total) + " in " + pauses + " pause(s)" + (c.diagnoses().size() > 1 ? " over " + c.diagnoses().size() + " forks" : ""))
                : Optional.empty();
    }

    private static String breakingPoint(Run run, Variant variant, Scenario scenario) {
        List<Cell> measured = run.mixed(scenario).stream().filter(c -> c.variant() == variant && c.status().servers())
                .sorted(java.util.Comparator.comparingInt(Cell::slowThreads)).toList();
        if (measured.isEmpty()) {
            return "not measured";
        }
        for (Cell c : measured) {
            List<String> why = new ArrayList<>();
            if (FindingsSection.stalled(c)) {
                why.add("`GET /` stalled" + gcPauses(c).map(g -> " while GC paused the server " + g).orElse(""));
            }
            if (c.efficiency().isPresent() && c.efficiency().getAsDouble() < EFFICIENT) {
                // Never rounded up to the 90% it fell short of: 89.5%, or 89.98% where one decimal would read 90.0%.
                double percent = 100 * c.efficiency().getAsDouble();
                String shown = String.format(Locale.ROOT, "%.1f", percent);
                why.add((Double.parseDouble(shown) >= 100 * EFFICIENT ? String.format(Locale.ROOT, "%.2f", percent) : shown) + "% of bound");
            }
            if (c.errorRate() > CellStatus.ERROR_SHARE) {
                why.add(Fmt.percent(c.errorRate()) + " errors");
            }
            // Arrivals not sent at the generator's cap are not a rule of their own: a busy machine's latency tail meets the cap
            // for a few percent while throughput holds; when they matter, throughput falls under the bound. Said beside it.
            boolean fellShort = !why.isEmpty();
            c.openLoad().filter(l -> fellShort && l.refusedShare() > 0.01)
                    .ifPresent(l -> why.add(Fmt.percent(l.refusedShare()) + " of arrivals not sent (" + l.inFlightCap() + " already in flight)"));
            if (!why.isEmpty()) {
                // Which limit was full: a pool smaller than the requests in flight (the bound names it), then the machine.
                c.bound().filter(b -> b.limitedBy() != null && !b.limitedBy().equals("slowThreads"))
                        .ifPresent(b -> why.add(b.limitedBy() + " " + b.limits().get(b.limitedBy()) + " full"));
                // The server's own count: a full pool that did its work, answering too late to count, is a queue, not a slow server.
                if (didItsBoundsWork(c) && c.efficiency().isPresent() && c.efficiency().getAsDouble() < EFFICIENT) {
                    why.add("yet the server finished " + Fmt.percent(c.serverEfficiency().getAsDouble()) + " of the bound: answers queued past their budget");
                }
                // A saturated machine is a reason of its own: the cell measured the machine, not the variant.
                c.cost().flatMap(cost -> cost.limit()).ifPresent(why::add);
                return c.slowThreads() + " in flight (" + String.join(", ", why) + ")";
            }
        }
        long unmeasured = run.mixed(scenario).stream().filter(c -> c.variant() == variant && !c.status().servers()).count();
        return "none up to " + measured.getLast().slowThreads() + " in flight"
                + (unmeasured > 0 ? " (" + unmeasured + " cell(s) not measured or harness-limited)" : "");
    }
}
