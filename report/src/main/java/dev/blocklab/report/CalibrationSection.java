package dev.blocklab.report;

import dev.blocklab.results.Calibration;
import dev.blocklab.results.Cell;
import dev.blocklab.results.Run;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How far the instrument can be trusted, from the run's {@code calibration.json} when it has one: what JFR
 * recording costs, and the harness floor next to wrk's. Each figure beside its goal; a missed goal is said.
 */
final class CalibrationSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        RunReader.calibration(context.run().dir()).ifPresent(calibration -> appendTo(out, context, calibration));
    }

    private static void appendTo(StringBuilder out, ReportContext context, Calibration calibration) {
        out.append("## Calibration\n\n");
        out.append("How far the instrument can be trusted, measured on `").append(calibration.variant().id())
                .append("` with `GET /` alone and unpaced, so that it is CPU bound ([").append(RunLayout.CALIBRATION).append("](")
                .append(context.raw(RunLayout.CALIBRATION)).append(")).\n\n");
        out.append("| check | measured | spread | goal | met |\n|---|---|---|---|---|\n");
        Calibration.JfrCheck jfr = calibration.jfrOverhead();
        Calibration.FloorCheck floor = calibration.harnessFloor();
        jfrRows(out, jfr);
        floorRow(out, floor);
        calibration.generator().ifPresent(g -> generatorRow(out, g));
        out.append('\n');
        if (jfr.ciLow().isPresent()) {
            jfrMethod(out, jfr, context);
        }
        out.append("**Harness floor.** ").append(calibration.rounds()).append(" rounds, each on a fresh server that both")
                .append(" JMH's baseline cell (one fork; no recording, pacing or open-loop probe: one connection, like wrk's) and")
                .append(" `wrk -t1 -c1` measure, the one going first alternating. The first warms the server up for ")
                .append(floor.warmupSeconds()).append(" s, JMH always warms its own fork up for as long, and each")
                .append(" measures for ").append(floor.measuredSeconds()).append(" s. Two servers of one build run")
                .append(" a few percent apart for their whole life; one server for both keeps that out of the ratio. The floor is")
                .append(" the median of the rounds' ratios with its distribution-free confidence interval, and the goal is met")
                .append(" when the whole interval lies under it. Per round: ");
        out.append(perRound(calibration.perRound())).append(".\n\n");
        calibration.generator().ifPresent(g -> generatorMethod(out, g, context.run()));
    }

    private static void generatorRow(StringBuilder out, Calibration.GeneratorCheck g) {
        String check = String.format(Locale.ROOT, "load generator at %s req/s, %sx the sweep's highest rate (`%s`)", Fmt.num(g.targetRate()),
                Fmt.num(g.targetRate() / g.sweepRate()), g.cell());
        String goal = String.format(Locale.ROOT, "%.0f%% sent, send lag p99 under %s ms", 100 * g.minAchieved(), Fmt.plain(g.sendLagLimitMs()));
        if (g.achievedRate().isEmpty()) {
            out.append("| ").append(check).append(" | not measured: ").append(g.failed().orElse("no result")).append(" | - | ").append(goal).append(" | - |\n");
            return;
        }
        out.append(String.format(Locale.ROOT, "| %s | %s sent/s (%.0f%%), send lag p99 %s | dispatch lag p99 %s; client JVM %s cores | %s | %s |%n", check,
                Fmt.num(g.achievedRate().getAsDouble()), 100 * g.achievedRate().getAsDouble() / g.targetRate(), Fmt.ms(g.sendLagP99Ms().getAsDouble()),
                Fmt.ms(g.dispatchLagP99Ms().getAsDouble()), g.clientCores().isPresent() ? Fmt.num(g.clientCores().getAsDouble()) : Fmt.NONE, goal,
                "met".equals(g.verdict().orElse("")) ? "yes" : "no"));
        // The goal is the generator's own (its threads); the whole client JVM is shown beside it, as the harness's total cost.
        g.generatorShareAtSweepRate().ifPresent(share -> out.append(String.format(Locale.ROOT,
                "| the load generator's own threads' CPU at the sweep's highest rate, %s req/s, against the same route | %s cores, %s of the machine | "
                        + "its pacer and the HTTP engine's event loops | at most %s | %s |%n",
                Fmt.num(g.sweepRate()), Fmt.num(g.generatorCoresAtSweepRate().getAsDouble()), Fmt.percent(share),
                Fmt.percent(Calibration.GeneratorCheck.GENERATOR_SHARE_GOAL), share <= Calibration.GeneratorCheck.GENERATOR_SHARE_GOAL ? "yes" : "no")));
        g.clientShareAtSweepRate().ifPresent(share -> {
            // Runs before the generator's threads were measured judged the goal on the whole client JVM: their row still does.
            boolean generatorJudged = g.generatorShareAtSweepRate().isPresent();
            String note = generatorJudged ? "the generator, the open-loop probe, JMH's `GET /` thread, the JIT and GC: the harness's whole cost" : "-";
            String clientGoal = generatorJudged ? "not judged: the goal is the generator's own (the row above)"
                    : "at most " + Fmt.percent(Calibration.GeneratorCheck.GENERATOR_SHARE_GOAL);
            String met = generatorJudged ? "-" : share <= Calibration.GeneratorCheck.GENERATOR_SHARE_GOAL ? "yes" : "no";
            out.append(String.format(Locale.ROOT,
                    "| the whole client JVM's CPU at the sweep's highest rate, %s req/s, against the same route | %s cores, %s of the machine | %s | %s | %s |%n",
                    Fmt.num(g.sweepRate()), Fmt.num(g.clientCoresAtSweepRate().getAsDouble()), Fmt.percent(share), note, clientGoal, met));
        });
    }

    /** How the generator was checked, and what the client JVM spent at the sweep's own highest rate, from the run's cells. */
    private static void generatorMethod(StringBuilder out, Calibration.GeneratorCheck g, Run run) {
        out.append("**Load generator.** The slow load is an open model (requests due at a constant rate, timed from their due time) on one "
                + "pacer thread and async-http-client's event loops inside each JMH fork. Its capacity is checked in a fork of its own at ")
                .append(Fmt.num(g.targetRate() / g.sweepRate())).append("x the highest arrival rate any cell of this run asks for (")
                .append(Fmt.num(g.sweepRate())).append(" req/s), against `loop-async`'s `/io/sleep` (a timer on the event loop: the server does "
                + "next to nothing), without recording. Where it keeps its schedule there it has headroom at the sweep's rate; a cell it still "
                + "could not drive is marked harness-limited by its own self-check."
                + (g.generatorCoresAtSweepRate().isPresent() ? " A second fork at the sweep's rate itself, against the same route and warmed "
                        + "up longer, gives the client's own cost there: the generator's threads (their CPU time from the JVM's thread accounting, "
                        + "over the window), judged against the goal, and the whole client JVM they share with JMH's thread, the probe, the JIT "
                        + "and GC, which competes with the server for the same cores."
                        : g.clientCoresAtSweepRate().isPresent() ? " A second fork at the sweep's rate itself, against the same route, gives the "
                        + "client JVM's own cost there." : ""));
        List<Cell> atSweepRate = run.cells().stream().filter(c -> !c.isBaseline() && Math.abs(c.id().arrivalRate() - g.sweepRate()) <= 0.01 * g.sweepRate())
                .toList();
        double cores = run.manifest().cpu().cores();
        List<Double> shares = atSweepRate.stream().flatMap(c -> c.cost().flatMap(cost -> cost.role("client")).stream()).map(p -> p.cores() / cores)
                .sorted().toList();
        List<Double> generator = atSweepRate.stream().flatMapToDouble(c -> c.generatorCores().stream()).mapToObj(used -> used / cores).sorted().toList();
        if (!shares.isEmpty()) {
            // The goal is judged on the trivial route (the row above): in a cell the client also carries what the server makes it
            // do, thousands of requests waiting and timing out where the server stalls.
            out.append(String.format(Locale.ROOT, " In the cells at the sweep's highest rate the client JVM (generator, open-loop probe and JMH's "
                    + "`GET /` thread together) used %s to %s of the machine's CPU over %d cells%s.", Fmt.percent(shares.getFirst()),
                    Fmt.percent(shares.getLast()), shares.size(),
                    g.clientShareAtSweepRate().isPresent() && shares.getLast() > g.clientShareAtSweepRate().getAsDouble()
                            ? ": the most where a stalled server leaves it holding thousands of requests that time out and reconnect" : ""));
            if (!generator.isEmpty()) {
                out.append(String.format(Locale.ROOT, " The generator's own threads in those cells: %s to %s.", Fmt.percent(generator.getFirst()),
                        Fmt.percent(generator.getLast())));
            }
        }
        out.append("\n\n");
    }

    private static void jfrRows(StringBuilder out, Calibration.JfrCheck jfr) {
        if (jfr.ciLow().isPresent()) {
            Calibration.Control control = jfr.control().orElseThrow();
            String interval = String.format(Locale.ROOT, "%s%% interval", Fmt.num(100 * jfr.confidence().getAsDouble()));
            out.append(String.format(Locale.ROOT, "| JFR recording's cost in `GET /` throughput | %.1f%% | %s %.1f%% to %.1f%% | under %s%% | %s |%n",
                    100 * jfr.overhead().getAsDouble(), interval, 100 * jfr.ciLow().getAsDouble(), 100 * jfr.ciHigh().getAsDouble(),
                    Fmt.plain(100 * jfr.limit()), verdict(jfr.verdict().orElse(""), jfr.overhead(), jfr.limit())));
            out.append(String.format(Locale.ROOT, "| control: one server without recording against another | %.1f%% | %s %.1f%% to %.1f%% | about 0 | - |%n",
                    100 * control.difference(), interval, 100 * control.ciLow(), 100 * control.ciHigh()));
        } else {
            out.append("| JFR recording's cost | not measured: ").append(jfr.failed().orElse("no result")).append(" | - | under ")
                    .append(Fmt.plain(100 * jfr.limit())).append("% | - |\n");
        }
    }

    private static void floorRow(StringBuilder out, Calibration.FloorCheck floor) {
        if (floor.ciLow().isPresent()) {
            out.append(String.format(Locale.ROOT, "| harness floor: JMH `GET /` p50 over wrk's, no load (%s ms over %s ms) | %.2fx | %s%% interval %.2fx to %.2fx (rounds %.2fx to %.2fx) | within %sx | %s |%n",
                    Fmt.num(floor.jmhP50Ms().getAsDouble()), Fmt.num(floor.wrkP50Ms().getAsDouble()), floor.ratio().getAsDouble(),
                    Fmt.num(100 * floor.confidence().getAsDouble()), floor.ciLow().getAsDouble(), floor.ciHigh().getAsDouble(),
                    floor.low().getAsDouble(), floor.high().getAsDouble(), Fmt.plain(floor.limit()),
                    verdict(floor.verdict().orElse(""), floor.ratio(), floor.limit())));
        } else {
            out.append("| harness floor against wrk | ").append(floor.wrk().orElse("not measured")).append(" | - | within ")
                    .append(Fmt.plain(floor.limit())).append("x | - |\n");
        }
    }

    /** How the interleaved slices measured JFR's cost, with each set's figures. */
    private static void jfrMethod(StringBuilder out, Calibration.JfrCheck jfr, ReportContext context) {
        List<String> sets = new ArrayList<>();
        for (Calibration.JfrSet set : jfr.perFork()) {
            sets.add(String.format(Locale.ROOT, "%d: %.1f%% / %.1f%%", set.fork(), 100 * set.overhead(), 100 * set.control()));
        }
        out.append(String.format(Locale.ROOT, "**JFR's cost.** Three servers ran at once: one recording with blocklab's settings, one not, and a"
                + " second one without as a control. One connection per server sent `GET /` unpaced, in %d ms slices going round the three"
                + " servers, the order rotating, %d rounds per set of servers, %d sets started afresh (%s). A drift of the machine or"
                + " a neighbour's burst outlasts a round, so it hits the three alike and cancels in the round's throughput ratios"
                + " (the cost: the recorded server against the %s, which varies less from set to set than either). But one JVM"
                + " runs the same code a few percent faster or slower than another for its whole life, so the sets, not the rounds, are the"
                + " repetitions: each set gives the median of its rounds, and the cost is the median of the sets (throughput medians: %s req/s"
                + " recorded, %s without, the %s) with its distribution-free confidence interval over them. The goal is met when the whole interval"
                + " lies under it. The control, one unrecorded server's throughput against the other's, shows how far apart two identical"
                + " servers land. Per set, cost / control:"
                + " %s.%n%n",
                jfr.sliceMs(), jfr.roundsPerFork(), jfr.forks(), context.link("slices", jfr.slices()).orElse("every slice in `" + jfr.slices() + "` of the full run"), jfr.against(),
                Fmt.num(jfr.throughputWithJfr().getAsDouble()), Fmt.num(jfr.throughputWithoutJfr().getAsDouble()), jfr.against(),
                sets.isEmpty() ? "none recorded" : String.join("; ", sets)));
        jfr.stolenCpu().ifPresent(stolen -> out.append(String.format(Locale.ROOT, "CPU time stolen by the hypervisor for other guests during a"
                + " set's rounds (`/proc/stat`'s steal, always 0 outside a virtual machine): %.1f%% (median; sets %.1f%% to %.1f%%).%n%n",
                100 * stolen.median(), 100 * stolen.low(), 100 * stolen.high())));
    }

    private static String perRound(List<Calibration.FloorRound> perRound) {
        List<String> rounds = new ArrayList<>();
        for (Calibration.FloorRound round : perRound) {
            String floorRatio = round.floorRatio().isPresent() ? String.format(Locale.ROOT, "floor %.2fx", round.floorRatio().getAsDouble())
                    : round.failed().map(f -> "failed: " + f).orElse("");
            rounds.add(round.round() + " (" + round.first() + " first): " + (floorRatio.isEmpty() ? "no result" : floorRatio));
        }
        return rounds.isEmpty() ? "none recorded" : String.join("; ", rounds);
    }

    /** The verdict calibration.json gives, in the table's words. */
    private static String verdict(String verdict, OptionalDouble median, double limit) {
        return switch (verdict) {
            case "met" -> "yes";
            case "missed" -> "no";
            default -> "cannot tell: the interval straddles the goal (median "
                    + (median.orElse(Double.NaN) < limit ? "within it" : "beyond it") + ")";
        };
    }
}
