package dev.blocklab.bench.run;

import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How much to measure. Sized for a 2-core workstation: {@code smoke} proves the pipeline (tests use it),
 * {@code quick} is a newcomer's first run, {@code full} is the scheduled CI run and the sweep behind a published report.
 */
public enum Profile {
    SMOKE(Map.of(Scenario.HTTP, List.of(4)), List.of(4), Map.of(), FastApi.NONE, 1, OptionalInt.empty(), List.of(), 1, Duration.ofSeconds(2), 2,
            Duration.ofSeconds(2), false),
    // 16 in flight is where loop-blocking stalls and every cure holds; 1,024 is far above the pools of 64, where they part.
    // The FastAPI edition joins at 16 in flight, where the seed's claim is made; quick stays under 10 minutes.
    QUICK(ordered(Scenario.HTTP, List.of(16, 1024), Scenario.DB, List.of(16)), List.of(16), Map.of(),
            new FastApi(false, ordered(Scenario.HTTP, List.of(16))), 1, OptionalInt.empty(), List.of(), 1, Duration.ofSeconds(2), 3,
            Duration.ofSeconds(2), true),
    // The sweep, from one request in flight to thousands, on the slow HTTP service (8,192 for the variants that can still
    // scale there); PostgreSQL at 16 and far past its pool (1,024 and 4,096, where the pool of connections bounds every
    // variant); every other row of the seed's table at 16 in flight, where the lesson shows. Two forks of 3 x 2 s, one from
    // 4,096 in flight (where a fork takes a minute: two route times of ramp, then the window and one route time of drain) and
    // one for the seed's other rows, each at a single level beside the sweep (the forks' spread and the regression gate's test
    // matter most where the sweep compares cures): under an hour here with the FastAPI edition and the calibration.
    FULL(ordered(Scenario.HTTP, List.of(1, 16, 64, 1024, 4096, 8192), Scenario.DB, List.of(16, 1024, 4096), Scenario.MARIADB, List.of(16),
            Scenario.S3, List.of(16), Scenario.FILE, List.of(16), Scenario.SLEEP, List.of(16), Scenario.CPU, List.of(16)),
            List.of(16), Map.of(Scenario.HTTP, List.of(8192)),
            new FastApi(false, ordered(Scenario.HTTP, List.of(16, 1024), Scenario.DB, List.of(16))), 2, OptionalInt.of(4096),
            List.of(Scenario.MARIADB, Scenario.S3, Scenario.FILE, Scenario.SLEEP, Scenario.CPU), 1, Duration.ofSeconds(2), 3,
            Duration.ofSeconds(2), true);

    /**
     * Where the FastAPI edition's variants join a profile's cells when the run names no scenarios or levels of its own (then
     * they join every level of every scenario they serve): a subset, since one CPython process per variant is slower to
     * measure and the lesson's comparison needs few levels.
     *
     * @param baseline whether they get baseline cells
     * @param levels   the scenarios and levels they join
     */
    public record FastApi(boolean baseline, Map<Scenario, List<Integer>> levels) {
        static final FastApi NONE = new FastApi(false, Map.of());

        public List<Integer> levels(Scenario scenario) {
            return levels.getOrDefault(scenario, List.of());
        }
    }

    private final Map<Scenario, List<Integer>> levels;
    private final List<Integer> otherLevels;
    private final Map<Scenario, List<Integer>> scalingOnly;
    private final FastApi fastapi;
    private final int forks;
    private final OptionalInt singleForkFrom;
    private final List<Scenario> singleForkScenarios;
    private final int warmupIterations;
    private final Duration warmupTime;
    private final int measurementIterations;
    private final Duration measurementTime;
    private final boolean baseline;

    /**
     * @param levels      the scenarios measured by default, each with its in-flight levels, in the order they run
     * @param otherLevels the levels of a scenario asked for by name that the profile does not list
     * @param scalingOnly of those levels, the ones only the variants that {@linkplain Variant#scalesWithInFlight() scale with
     *                    in-flight requests} join: the others are at their pool's bound from its size on, and another level
     *                    of them would cost minutes and show nothing new
     * @param fastapi     where the FastAPI edition joins
     * @param singleForkFrom the level from which a cell has one fork, if any
     * @param singleForkScenarios the scenarios whose cells have one fork at every level
     */
    Profile(Map<Scenario, List<Integer>> levels, List<Integer> otherLevels, Map<Scenario, List<Integer>> scalingOnly, FastApi fastapi, int forks,
            OptionalInt singleForkFrom, List<Scenario> singleForkScenarios, int warmupIterations, Duration warmupTime,
            int measurementIterations, Duration measurementTime, boolean baseline) {
        this.levels = levels;
        this.otherLevels = otherLevels;
        this.scalingOnly = scalingOnly;
        this.fastapi = fastapi;
        this.forks = forks;
        this.singleForkFrom = singleForkFrom;
        this.singleForkScenarios = singleForkScenarios;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.measurementIterations = measurementIterations;
        this.measurementTime = measurementTime;
        this.baseline = baseline;
    }

    private static Map<Scenario, List<Integer>> ordered(Object... scenarioThenLevels) {
        Map<Scenario, List<Integer>> ordered = new LinkedHashMap<>();
        for (int i = 0; i < scenarioThenLevels.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Integer> levels = (List<Integer>) scenarioThenLevels[i + 1];
            ordered.put((Scenario) scenarioThenLevels[i], levels);
        }
        return java.util.Collections.unmodifiableMap(ordered);
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The scenarios measured by default, in the order they run. */
    public List<Scenario> scenarios() {
        return List.copyOf(levels.keySet());
    }

    /** The in-flight levels of {@code scenario}: the profile's for it, else those of the rows it measures at one level. */
    public List<Integer> levels(Scenario scenario) {
        return levels.getOrDefault(scenario, otherLevels);
    }

    /** Whether only the variants that scale with in-flight requests join {@code level} of {@code scenario}. */
    public boolean scalingOnly(Scenario scenario, int level) {
        return scalingOnly.getOrDefault(scenario, List.of()).contains(level);
    }

    public FastApi fastapi() {
        return fastapi;
    }

    public int forks() {
        return forks;
    }

    /** The forks of {@code cell}: the profile's, or one from {@link #singleForkFrom()} in flight on or in {@link #singleForkScenarios()}. */
    public int forks(CellId cell) {
        boolean high = singleForkFrom.isPresent() && cell.slowThreads() >= singleForkFrom.getAsInt();
        return high || cell.scenario().filter(singleForkScenarios::contains).isPresent() ? 1 : forks;
    }

    /** The scenarios whose cells have one fork at every level. */
    public List<Scenario> singleForkScenarios() {
        return singleForkScenarios;
    }

    /** The level from which a cell has one fork, if the profile has one. */
    public OptionalInt singleForkFrom() {
        return singleForkFrom;
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
