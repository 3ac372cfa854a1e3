package dev.blocklab.bench.run;

import dev.blocklab.vocabulary.Scenario;
import java.time.Duration;
import java.util.List;

/**
 * How much to measure. Sized for a 2-core workstation: {@code smoke} proves the pipeline (tests use it),
 * {@code quick} is a newcomer's first run, {@code full} is the scheduled CI run and the sweep behind a published report.
 */
public enum Profile {
    SMOKE(List.of(Scenario.HTTP), List.of(4), 1, 1, Duration.ofSeconds(2), 2, Duration.ofSeconds(2), false),
    // 16 in flight is where loop-blocking stalls and every cure holds; 1,024 is far above the pools of 64, where they part.
    QUICK(List.of(Scenario.HTTP, Scenario.DB), List.of(16, 1024), 1, 1, Duration.ofSeconds(3), 3, Duration.ofSeconds(3), true),
    // From one request in flight to thousands; the mixed scenario (both downstreams in one request) only when asked:
    // with it, the sweep no longer fits an hour.
    FULL(List.of(Scenario.HTTP, Scenario.DB), List.of(1, 16, 64, 1024, 4096), 2, 1, Duration.ofSeconds(3), 3,
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
