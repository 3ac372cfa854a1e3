package dev.blocklab.bench.run;

import dev.blocklab.vocabulary.CellId;
import dev.blocklab.bench.ServerJvm;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.results.Calibration;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the instrument: what JFR recording costs ({@link JfrCost}: interleaved slices against live servers) and
 * the harness floor, JMH's {@code GET /} median next to wrk's on the same server.
 *
 * <p>On a shared machine two identical measurements differ by tens of percent. The floor is therefore measured in
 * rounds, each on a fresh server that JMH and wrk both measure (two servers of one build differ by several percent
 * for their whole life, which would otherwise land in the ratio), and judged like JFR's cost: the median of the
 * rounds with its distribution-free confidence interval, met when the whole interval is under the goal.
 */
final class Calibrator {
    /**
     * Six rounds, three with each tool first: the interval is their range, 96.9% coverage (with 5, 93.8%, short of
     * {@link MedianInterval#CONFIDENCE}). Ten rounds ([x(2), x(9)]) took three more minutes of a run that must stay
     * under an hour.
     */
    static final int ROUNDS = 6;
    static final double JFR_GOAL = 0.03;
    static final double FLOOR_GOAL = 1.5;
    /**
     * The floor is a steady-state figure, as wrk measures it: a fresh server and a fresh JMH fork are both cold,
     * and one warm-up iteration of a cell left the first measured one ~2x slower than the next (a published run).
     * JMH and wrk measure for the same time, each after the server has been warmed up for as long.
     */
    static final int FLOOR_WARMUP_ITERATIONS = 4;
    private static final Pattern WRK_P50 = Pattern.compile("^\\s*50%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private Calibrator() {}

    /** @param sweepRate the highest slow arrival rate of the run's cells, which the load generator is checked at twice */
    static Calibration run(Variant variant, CellRunner runner, Path runDir, List<String> serverArgs, Path logs, double sweepRate)
            throws IOException {
        Path dir = Files.createDirectories(runDir.resolve(RunLayout.CALIBRATION_DIR));
        Calibration.JfrCheck jfr = JfrCost.measure(variant, serverArgs, runDir, JFR_GOAL);
        List<Calibration.FloorRound> rounds = new ArrayList<>();
        Calibration.FloorCheck floor = floor(variant, runner, dir, serverArgs, logs, rounds);
        Optional<Calibration.GeneratorCheck> generator = sweepRate > 0 ? Optional.of(GeneratorCapacity.measure(runner, dir, sweepRate)) : Optional.empty();
        Calibration result = new Calibration(variant, jfr, ROUNDS, List.copyOf(rounds), floor, generator);
        ResultsFormat.write(runDir.resolve(RunLayout.CALIBRATION), result);
        return result;
    }

    /**
     * {@link #ROUNDS} times: a fresh server without recording, measured by wrk and by JMH's baseline cell (one fork,
     * no pacing, no open-loop probe: one connection, as wrk's), which of the two goes first alternating. The first
     * warms the server up; JMH always warms its own fork up too.
     */
    private static Calibration.FloorCheck floor(Variant variant, CellRunner runner, Path dir, List<String> serverArgs, Path logs,
            List<Calibration.FloorRound> rounds) throws IOException {
        CellId cell = CellId.baseline(variant);
        CellRunner steady = runner.oneForkWarmedUp(FLOOR_WARMUP_ITERATIONS);
        List<Double> floorRatios = new ArrayList<>();
        List<Double> jmhP50s = new ArrayList<>();
        List<Double> wrkP50s = new ArrayList<>();
        boolean wrkInstalled = which("wrk");
        List<String> args = new ArrayList<>(List.of("--variant", variant.id()));
        args.addAll(serverArgs);
        for (int round = 1; round <= ROUNDS; round++) {
            boolean wrkFirst = round % 2 == 1;
            Optional<Double> wrk = Optional.empty();
            Optional<Double> jmh = Optional.empty();
            Optional<String> failed = Optional.empty();
            Path wrkOutput = logs.resolve("calibration-wrk-round-" + round + ".txt");
            try (ManagedProcess server = ManagedProcess.start("server (floor)", ServerMain.class, ServerJvm.options(Optional.empty()), args, Map.of(),
                    ManagedProcess.file(logs.resolve("calibration-floor-round-" + round + "-server.log")), Duration.ofSeconds(60))) {
                String url = ServerMain.baseUri(server.ready()).toString();
                if (wrkInstalled && wrkFirst) {
                    wrk = wrkP50Ms(url + "/", steady, true, wrkOutput);
                }
                jmh = jmhP50Ms(steady, cell, dir.resolve("round-" + round).resolve("jmh"), url);
                if (wrkInstalled && !wrkFirst) {
                    wrk = wrkP50Ms(url + "/", steady, false, wrkOutput);
                }
            } catch (RuntimeException e) {
                failed = Optional.of(String.valueOf(e.getMessage()));
            }
            jmh.ifPresent(jmhP50s::add);
            wrk.ifPresent(wrkP50s::add);
            OptionalDouble ratio = OptionalDouble.empty();
            if (jmh.isPresent() && wrk.isPresent()) {
                ratio = OptionalDouble.of(jmh.get() / wrk.get());
                floorRatios.add(ratio.getAsDouble());
            }
            rounds.add(new Calibration.FloorRound(round, wrkFirst ? "wrk" : "jmh", failed, optional(jmh),
                    jmh.isPresent() ? optional(wrk) : OptionalDouble.empty(), ratio));
        }
        Optional<String> notMeasured = floorRatios.isEmpty()
                ? Optional.of(wrkInstalled ? "not measured: wrk or the JMH cells failed (see logs/calibration-*)"
                        : "not measured: wrk is not installed (Debian package wrk)")
                : Optional.empty();
        OptionalDouble jmhMedian = jmhP50s.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(MedianInterval.median(jmhP50s));
        OptionalDouble wrkMedian = wrkP50s.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(MedianInterval.median(wrkP50s));
        String goal = "JMH's GET / p50 with no load within 1.5x of wrk's";
        String method = "one server per round for both";
        if (floorRatios.isEmpty()) {
            return new Calibration.FloorCheck(goal, FLOOR_GOAL, method, steady.warmup().toSeconds(), steady.measurement().toSeconds(),
                    jmhMedian, wrkMedian, notMeasured, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty());
        }
        // The median of the rounds with its confidence interval (MedianInterval), their range, and the interval's verdict.
        MedianInterval interval = MedianInterval.of(floorRatios);
        return new Calibration.FloorCheck(goal, FLOOR_GOAL, method, steady.warmup().toSeconds(), steady.measurement().toSeconds(),
                jmhMedian, wrkMedian, Optional.empty(), OptionalDouble.of(interval.median()),
                OptionalDouble.of(floorRatios.stream().mapToDouble(Double::doubleValue).min().orElseThrow()),
                OptionalDouble.of(floorRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow()),
                OptionalDouble.of(interval.coverage()), OptionalDouble.of(interval.low()), OptionalDouble.of(interval.high()),
                OptionalInt.of(floorRatios.size()), Optional.of(interval.verdict(FLOOR_GOAL)));
    }

    private static OptionalDouble optional(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    /** JMH's baseline cell against the running server at {@code target}: its GET / p50, when the cell measured. */
    private static Optional<Double> jmhP50Ms(CellRunner runner, CellId cell, Path dir, String target) throws IOException {
        Files.createDirectories(dir);
        try {
            runner.run(cell, dir, Map.of("record", "false", "fastIntervalUs", "0", "probeRate", "0", "target", target));
            Cell summary = CellSummary.summarize(cell, dir);
            ResultsFormat.write(dir.resolve(RunLayout.CELL), summary);
            return summary.status() == CellStatus.OK ? summary.fast().map(f -> f.latencyMs().p50()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** wrk's median latency of {@code url} with one connection, after warming the server up when it is the first. */
    private static Optional<Double> wrkP50Ms(String url, CellRunner timing, boolean warmUp, Path output) {
        try {
            // The same shape as the JMH cell: its warm-up time, then its measurement time.
            if (warmUp) {
                run(List.of("wrk", "-t1", "-c1", "-d" + timing.warmup().toSeconds() + "s", url));
            }
            Optional<String> measured = run(List.of("wrk", "-t1", "-c1", "-d" + timing.measurement().toSeconds() + "s", "--latency", url));
            if (measured.isEmpty()) {
                return Optional.empty();
            }
            Files.writeString(output, measured.get());
            Matcher m = WRK_P50.matcher(measured.get());
            if (!m.find()) {
                return Optional.empty();
            }
            double value = Double.parseDouble(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            });
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean which(String command) {
        return run(List.of("sh", "-c", "command -v " + command)).isPresent();
    }

    static String describe(Calibration c) {
        Calibration.JfrCheck jfr = c.jfrOverhead();
        Calibration.FloorCheck floor = c.harnessFloor();
        return String.format(Locale.ROOT, "JFR overhead %s; harness floor: JMH p50 %s ms, wrk p50 %s%s",
                jfr.overhead().isPresent() ? String.format(Locale.ROOT, "%.1f%% (%.1f%% interval over the sets %.1f%% to %.1f%%: %s; control %.1f%%)",
                        100 * jfr.overhead().getAsDouble(), 100 * jfr.confidence().getAsDouble(), 100 * jfr.ciLow().getAsDouble(),
                        100 * jfr.ciHigh().getAsDouble(), jfr.verdict().orElse("?"), 100 * jfr.control().orElseThrow().difference())
                        : jfr.failed().orElse("n/a"),
                floor.jmhP50Ms().isPresent() ? String.format(Locale.ROOT, "%.3f", floor.jmhP50Ms().getAsDouble()) : "n/a",
                floor.ratio().isPresent() ? String.format(Locale.ROOT, "%.3f ms (ratio %.2f, %.1f%% interval over the rounds %.2f to %.2f: %s)",
                        floor.wrkP50Ms().getAsDouble(), floor.ratio().getAsDouble(), 100 * floor.confidence().getAsDouble(),
                        floor.ciLow().getAsDouble(), floor.ciHigh().getAsDouble(), floor.verdict().orElse("?"))
                        : floor.wrk().orElse("n/a"),
                c.generator().map(g -> "; load generator at " + Math.round(g.targetRate()) + " req/s: " + (g.achievedRate().isPresent()
                        ? String.format(Locale.ROOT, "%.0f sent/s, send lag p99 %.1f ms (%s)", g.achievedRate().getAsDouble(), g.sendLagP99Ms().getAsDouble(),
                                g.verdict().orElse("?"))
                        : g.failed().orElse("n/a"))).orElse(""));
    }
}
