package dev.blocklab.bench.run;

import dev.blocklab.results.Calibration;
import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.OpenLoad;
import dev.blocklab.results.ProcessCost;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Whether the open-model generator could drive the sweep: it is pointed, in one fork of its own, at twice the sweep's
 * highest arrival rate against a route that costs the server next to nothing ({@code loop-async}'s {@code /io/sleep}, a
 * timer on the event loop), and it must keep its schedule there. A generator that keeps pace at twice the rate has
 * headroom at the rate itself; one that cannot is the limit of every cell near that rate, whatever the server does.
 */
final class GeneratorCapacity {
    /** Twice the sweep's highest rate: the headroom the check asks for. */
    static final double HEADROOM = 2.0;
    /** Sent at least this share of the requests due, and sent them with a send lag p99 under {@link #SEND_LAG_LIMIT_MS}. */
    static final double MIN_ACHIEVED = 0.95;
    static final double SEND_LAG_LIMIT_MS = 5.0;
    /** The trivial route's delay: short, so that N stays small, long enough that every request is in flight a while. */
    static final int DELAY_MS = 100;
    /** The share fork's warm-up iterations. */
    static final int SHARE_WARMUP_ITERATIONS = 3;
    static final String GOAL = "at " + HEADROOM + "x the sweep's highest arrival rate, against a trivial route: at least " + (int) (100 * MIN_ACHIEVED)
            + "% of the requests due sent, send lag p99 under " + SEND_LAG_LIMIT_MS + " ms";

    private GeneratorCapacity() {}

    /** The cell that checks the generator at {@code sweepRate}: N in flight at D = {@link #DELAY_MS} is the rate times D. */
    static CellId cell(double sweepRate) {
        return atRate(HEADROOM * sweepRate);
    }

    private static CellId atRate(double rate) {
        return CellId.mixed(Variant.LOOP_ASYNC, Scenario.SLEEP, DELAY_MS, (int) Math.ceil(rate * DELAY_MS / 1000.0));
    }

    /**
     * Two unrecorded forks against the trivial route: at twice the sweep's highest rate, whose schedule is judged, and at
     * that rate itself, whose generator threads' CPU is its share of the machine where the sweep loads it most (the whole
     * client JVM's beside it).
     */
    static Calibration.GeneratorCheck measure(CellRunner runner, Path calibrationDir, double sweepRate) {
        CellId cell = cell(sweepRate);
        double target = cell.arrivalRate();
        try {
            ForkRecord fork = fork(runner, calibrationDir, cell, 1);
            Optional<ForkRecord> atSweepRate = Optional.empty();
            try {
                // Warmed up longer than a cell: what is measured here is the client's steady cost, not its JIT's.
                atSweepRate = Optional.of(fork(runner, calibrationDir, atRate(sweepRate), SHARE_WARMUP_ITERATIONS));
            } catch (Exception e) {
                // The share goes unmeasured; the capacity verdict stands on its own fork.
            }
            return judge(cell, sweepRate, target, fork, atSweepRate);
        } catch (Exception e) {
            return failed(cell, sweepRate, target, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
        }
    }

    /** Runs {@code cell} in one fork, unrecorded: the server's JFR costs CPU that the generator, on the same cores, would be charged for. */
    private static ForkRecord fork(CellRunner runner, Path calibrationDir, CellId cell, int warmupIterations) throws Exception {
        Path dir = Files.createDirectories(calibrationDir.resolve("generator").resolve(cell.name()));
        runner.oneForkWarmedUp(warmupIterations).run(cell, dir, Map.of("record", "false"));
        Path fork = RunLayout.forkDir(dir, 1).resolve(RunLayout.FORK);
        if (!Files.isRegularFile(fork)) {
            throw new IOException("the fork wrote no " + RunLayout.FORK);
        }
        return ResultsFormat.read(fork, ForkRecord.class);
    }

    private static OptionalDouble generatorCores(ForkRecord fork) {
        return fork.openLoad().map(l -> l.threadCores(fork.window().measuredSeconds())).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble clientCores(ForkRecord fork) {
        return fork.processes().stream().filter(p -> p.role().equals("client")).mapToDouble(ProcessCost::cores).findFirst();
    }

    /** The check's figures and verdict from the fork's own record of its window. */
    static Calibration.GeneratorCheck judge(CellId cell, double sweepRate, double target, ForkRecord fork, Optional<ForkRecord> atSweepRate) {
        Optional<OpenLoad> load = fork.openLoad();
        double seconds = fork.window().measuredSeconds();
        if (load.isEmpty() || seconds <= 0) {
            return failed(cell, sweepRate, target, "the fork recorded no open-model window");
        }
        OpenLoad l = load.get();
        double achieved = l.sent() / seconds;
        OptionalDouble client = clientCores(fork);
        // Judged on what the report shows: sent per second against the target rate (about sent / due over the window).
        boolean met = achieved / target >= MIN_ACHIEVED && l.sendLagP99Ms() <= SEND_LAG_LIMIT_MS;
        return new Calibration.GeneratorCheck(GOAL, cell.name(), sweepRate, target, MIN_ACHIEVED, SEND_LAG_LIMIT_MS, Optional.empty(),
                OptionalDouble.of(achieved), OptionalDouble.of(l.dispatchLagP99Ms()), OptionalDouble.of(l.sendLagP99Ms()), client,
                Runtime.getRuntime().availableProcessors(), Optional.of(met ? "met" : "missed"), atSweepRate.map(GeneratorCapacity::clientCores).orElse(OptionalDouble.empty()),
                atSweepRate.map(GeneratorCapacity::generatorCores).orElse(OptionalDouble.empty()));
    }

    private static Calibration.GeneratorCheck failed(CellId cell, double sweepRate, double target, String why) {
        return new Calibration.GeneratorCheck(GOAL, cell.name(), sweepRate, target, MIN_ACHIEVED, SEND_LAG_LIMIT_MS, Optional.of(why),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                Runtime.getRuntime().availableProcessors(), Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }
}
