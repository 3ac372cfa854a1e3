package dev.blocklab.bench.run;

import dev.blocklab.results.RunLayout;
import dev.blocklab.bench.BaselineBenchmark;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.bench.ForkOutput;
import dev.blocklab.bench.MixedLoadBenchmark;
import dev.blocklab.launch.ParentWatch;
import dev.blocklab.launch.Processes;
import dev.blocklab.launch.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs JMH for one cell, with its output in the cell's folder. */
final class CellRunner {
    /** The load generator's JVM: fixed heap, like the server's. */
    static final List<String> HARNESS_JVM = List.of("-Xms1g", "-Xmx1g");

    private final Profile profile;
    private final String serverOptions;
    private final int probeRate;
    private final Map<String, String> downstreamProperties;
    private final SlowLoad slowLoad;
    private final int forks;
    private final int warmupIterations;

    CellRunner(Profile profile, String serverOptions, int probeRate, SlowLoad slowLoad, Map<String, String> downstreamProperties) {
        this(profile, serverOptions, probeRate, slowLoad, downstreamProperties, profile.forks(), profile.warmupIterations());
    }

    private CellRunner(Profile profile, String serverOptions, int probeRate, SlowLoad slowLoad, Map<String, String> downstreamProperties,
            int forks, int warmupIterations) {
        this.profile = profile;
        this.serverOptions = serverOptions;
        this.probeRate = probeRate;
        this.slowLoad = slowLoad;
        this.downstreamProperties = downstreamProperties;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
    }

    /** The same runner with one fork and another number of warm-up iterations of the profile's length. */
    CellRunner oneForkWarmedUp(int iterations) {
        return new CellRunner(profile, serverOptions, probeRate, slowLoad, downstreamProperties, 1, iterations);
    }

    /**
     * A warm-up iteration of a cell: the profile's, or two route times and 2 s, so that the open model's ramp is over (N
     * in flight after one, every connection open and reused by two) before anything is measured. Measured at 4,096 in
     * flight: with one, requests of the ramp were still timing out in the first window.
     */
    private Duration warmupTime(CellId cell) {
        Duration fill = cell.routeTime().multipliedBy(2).plusSeconds(2);
        return cell.isBaseline() || fill.compareTo(profile.warmupTime()) < 0 ? profile.warmupTime() : fill;
    }

    Duration warmup() {
        return profile.warmupTime().multipliedBy(warmupIterations);
    }

    Duration measurement() {
        return profile.measurementTime().multipliedBy(profile.measurementIterations());
    }

    /**
     * About how long {@code cell} takes when its server keeps up: per fork its warm-up, its window, a route time of drain and
     * about 6 s of starting, stopping and analysing (measured here: a cell of two forks at 100 ms takes 27 s).
     */
    Duration estimate(CellId cell) {
        return warmupTime(cell).multipliedBy(warmupIterations).plus(measurement()).plus(cell.routeTime()).plusSeconds(6).multipliedBy(forks(cell));
    }

    /** Measures {@code cell} into {@code cellDir}; failures are JMH's, thrown as they come. */
    void run(CellId cell, Path cellDir) throws RunnerException {
        run(cell, cellDir, Map.of());
    }

    /** The same, with benchmark parameters overridden (the harness floor turns recording, pacing and the probe off). */
    void run(CellId cell, Path cellDir, Map<String, String> params) throws RunnerException {
        List<String> properties = new ArrayList<>();
        properties.add("-D" + ForkOutput.CELL_DIR_PROPERTY + "=" + cellDir.toAbsolutePath());
        properties.add(ParentWatch.launcherOption());
        downstreamProperties.forEach((key, value) -> properties.add("-D" + key + "=" + value));
        // One value per parameter: the overrides replace the run's values rather than add a second to sweep.
        Map<String, String> values = new LinkedHashMap<>();
        values.put("variant", cell.variant().id());
        values.put("serverOptions", serverOptions);
        values.put("probeRate", String.valueOf(probeRate));
        values.putAll(params);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(forks(cell))
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(warmupTime(cell).toMillis()))
                .measurementIterations(profile.measurementIterations())
                .measurementTime(TimeValue.milliseconds(profile.measurementTime().toMillis()))
                .jvmArgs(HARNESS_JVM.toArray(String[]::new))
                .jvmArgsAppend(properties.toArray(String[]::new))
                .result(cellDir.resolve(RunLayout.JMH_JSON).toString())
                .resultFormat(ResultFormatType.JSON)
                .output(cellDir.resolve(RunLayout.JMH_LOG).toString())
                .shouldFailOnError(true);
        values.forEach(options::param);
        if (cell.isBaseline()) {
            options.include(Pattern.quote(BaselineBenchmark.class.getName()) + "\\.fast$");
        } else {
            int[] groups = new int[2];
            groups[MixedLoadBenchmark.FAST_GROUP_INDEX] = 1;
            // Open model: the generator in the fork keeps N in flight; JMH's slow member gets no thread.
            groups[MixedLoadBenchmark.SLOW_GROUP_INDEX] = slowLoad == SlowLoad.OPEN ? 0 : cell.slowThreads();
            if (slowLoad == SlowLoad.OPEN) {
                options.param("inFlight", String.valueOf(cell.slowThreads()));
            }
            options.include(Pattern.quote(MixedLoadBenchmark.class.getName()) + "\\.mixed$")
                    .param("scenario", cell.scenario().orElseThrow().id())
                    .param("delayMs", String.valueOf(cell.delayMs()))
                    .threadGroups(groups);
        }
        Duration budget = budget(cell);
        // RUNNING, then ENDED (JMH returned) or OVERRAN (the watchdog fired), whichever comes first.
        AtomicInteger state = new AtomicInteger(RUNNING);
        // The watchdog: a fork that hangs (a server that never starts, a downstream that never answers a setup call)
        // is ended, so that JMH fails the cell instead of waiting for it forever; the run goes on with the next cell.
        Thread watchdog = Thread.ofPlatform().daemon().name("cell-watchdog").start(() -> {
            try {
                Thread.sleep(budget);
            } catch (InterruptedException e) {
                return; // the cell ended in time
            }
            if (state.compareAndSet(RUNNING, OVERRAN)) {
                ProcessHandle.current().children().filter(CellRunner::isFork).forEach(fork -> {
                    fork.descendants().forEach(ProcessHandle::destroyForcibly);
                    fork.destroyForcibly();
                });
            }
        });
        try {
            new Runner(options.build()).run();
        } catch (RunnerException e) {
            if (state.get() != OVERRAN) {
                throw e;
            }
        } finally {
            state.compareAndSet(RUNNING, ENDED);
            watchdog.interrupt();
            Secrets.scrubLines(cellDir.resolve(RunLayout.JMH_LOG)); // JMH logs its forks' output as they printed it
        }
        if (state.get() == OVERRAN) {
            throw new Overran("the cell ran over its " + budget.toSeconds() + " s budget and was stopped (watchdog)");
        }
    }

    private static final int RUNNING = 0;
    private static final int ENDED = 1;
    private static final int OVERRAN = 2;

    /** A cell the watchdog stopped; its message is the cell's reason. */
    static final class Overran extends RunnerException {
        Overran(String message) {
            super(message);
        }
    }

    /** For tests: a budget in seconds instead of the computed one. */
    static final String BUDGET_PROPERTY = "blocklab.cell.budget.seconds";

    /**
     * Twice what the cell should take (its iterations, forks, and a minute per fork to start the server, verify it and
     * stop), plus two minutes: far beyond a slow machine's variation, far below "forever".
     */
    Duration budget(CellId cell) {
        String override = System.getProperty(BUDGET_PROPERTY);
        if (override != null) {
            return Duration.ofSeconds(Long.parseLong(override));
        }
        Duration perFork = warmupTime(cell).multipliedBy(warmupIterations).plus(measurement()).plusSeconds(60);
        return perFork.multipliedBy(forks(cell)).multipliedBy(2).plusMinutes(2);
    }

    /** The cell's forks: the profile's for it, or fewer where this runner has fewer (the calibration's one). */
    private int forks(CellId cell) {
        return Math.min(forks, profile.forks(cell));
    }

    private static boolean isFork(ProcessHandle process) {
        return Processes.commandLine(process).contains("org.openjdk.jmh.runner.ForkedMain");
    }
}
