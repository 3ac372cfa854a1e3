package dev.blocklab.bench.run;

import dev.blocklab.vocabulary.Scenario;
import java.time.Duration;
import java.util.List;

/**
 * How much to measure. Sized for a 2-core workstation: {@code smoke} proves the pipeline (tests use it),
 * {@code quick} is the scheduled CI run, {@code full} is the sweep behind a published report.
 */
public enum Profile {
    SMOKE(List.of(Scenario.HTTP), List.of(4), 1, 1, Duration.ofSeconds(2), 2, Duration.ofSeconds(2), false),
    QUICK(List.of(Scenario.HTTP, Scenario.DB), List.of(16), 1, 1, Duration.ofSeconds(3), 3, Duration.ofSeconds(3), true),
    // The sweep stops at 64: at 256 slow threads a loop-blocking cell queues 128 requests per IO thread, so
    // every iteration waits tens of seconds for the ones in flight, and the profile no longer fits an hour.
    FULL(List.of(Scenario.HTTP, Scenario.DB, Scenario.MIXED), List.of(1, 4, 16, 64), 2, 1, Duration.ofSeconds(3), 3,
            Duration.ofSeconds(3), true);

    private final List<Scenario> scenarios;
    private final List<Integer> concurrencies;
    private final int forks;
    private final int warmupIterations;
    private final Duration warmupTime;
    private final int measurementIterations;
    private final Duration measurementTime;
    private final boolean baseline;

    Profile(List<Scenario> scenarios, List<Integer> concurrencies, int forks, int warmupIterations, Duration warmupTime,
            int measurementIterations, Duration measurementTime, boolean baseline) {
        this.scenarios = scenarios;
        this.concurrencies = concurrencies;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.measurementIterations = measurementIterations;
        this.measurementTime = measurementTime;
        this.baseline = baseline;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    public List<Integer> concurrencies() {
        return concurrencies;
    }

    public int forks() {
        return forks;
    }

    public int warmupIterations() {
        return warmupIterations;
    }

    public Duration warmupTime() {
        return warmupTime;
    }

    public int measurementIterations() {
        return measurementIterations;
    }

    public Duration measurementTime() {
        return measurementTime;
    }

    /** Whether each variant also gets a no-load baseline cell (the fast endpoint alone). */
    public boolean baseline() {
        return baseline;
    }

    public static Profile fromId(String id) {
        for (Profile profile : values()) {
            if (profile.id().equals(id)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + id + "'; valid profiles: smoke, quick, full");
    }
}
