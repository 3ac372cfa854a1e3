package dev.blocklab.bench.run;

import dev.blocklab.results.RunManifest;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run will measure, decided before anything starts: the profile's timing, the variants, each scenario with its
 * in-flight levels, and therefore the cells in the order they run (baselines first, then each scenario and level
 * with every variant side by side, so that the variants of one comparison are measured minutes apart, not hours).
 *
 * <p>N requests in flight, each taking D, arrive at N / D per second (Little's law). Two cores cannot serve thousands
 * a second, so a level's delay is stretched until its rate is at most {@code maxRate}: thousands in flight stay
 * thousands in flight, each waiting longer ({@link #delayFor}).
 */
public record RunPlan(Profile profile, List<Variant> variants, Map<Scenario, List<Integer>> levels, boolean levelsAsked, int delayMs,
        int probeRate, List<String> serverOptions, boolean calibrate, SlowLoad slowLoad, int maxRate) {

    public RunPlan {
        levels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(levels)); // the order is the run's
    }

    /** The scenarios, in the order they run. */
    public List<Scenario> scenarios() {
        return List.copyOf(levels.keySet());
    }

    /** Every level of any scenario, ascending. */
    public List<Integer> concurrencies() {
        return levels.values().stream().flatMap(List::stream).distinct().sorted().toList();
    }

    /** The slow delay at {@code inFlight}: the run's, or longer where N / D would exceed {@code maxRate}. */
    public int delayFor(int inFlight) {
        return Math.max(delayMs, (int) Math.ceil(inFlight * 1000.0 / maxRate));
    }

    /** The highest slow arrival rate N / route time of the plan's cells: what the load generator must drive. */
    public double highestRate() {
        return cells().stream().mapToDouble(CellId::arrivalRate).max().orElse(0);
    }

    public List<CellId> cells() {
        List<CellId> cells = new ArrayList<>();
        if (profile.baseline()) {
            variants.stream().filter(v -> v.edition() == Edition.JVM || levelsAsked || profile.fastapi().baseline())
                    .forEach(v -> cells.add(CellId.baseline(v)));
        }
        for (var scenario : levels.entrySet()) {
            for (int c : scenario.getValue()) {
                for (Variant variant : variants) {
                    if (joins(variant, scenario.getKey(), c)) {
                        cells.add(CellId.mixed(variant, scenario.getKey(), delayFor(c), c));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * Whether {@code variant} is measured at {@code level} of {@code scenario}: a JVM variant always, unless the profile keeps
     * that level for the variants that scale; a FastAPI one where its edition serves the scenario, at the levels the run
     * asked for or else at those its profile gives it.
     */
    private boolean joins(Variant variant, Scenario scenario, int level) {
        if (!variant.edition().serves(scenario)) {
            return false;
        }
        if (!levelsAsked && profile.scalingOnly(scenario, level) && !variant.scalesWithInFlight()) {
            return false;
        }
        return variant.edition() == Edition.JVM || levelsAsked || profile.fastapi().levels(scenario).contains(level);
    }

    /** The variants with at least one cell: the ones to verify and to name in the manifest. */
    public List<Variant> measuredVariants() {
        List<CellId> cells = cells();
        return variants.stream().filter(v -> cells.stream().anyMatch(c -> c.variant() == v)).toList();
    }

    /** The plan as the manifest records it. */
    RunManifest.Parameters parameters() {
        return new RunManifest.Parameters(profile.id(), measuredVariants().stream().map(Variant::id).toList(), scenarios().stream().map(Scenario::id).toList(),
                concurrencies(), delayMs, probeRate, profile.baseline(), profile.forks(),
                profile.warmupIterations() + " x " + profile.warmupTime().toSeconds() + " s"
                        + (slowLoad == SlowLoad.OPEN ? " (open model: at least two route times and 2 s)" : ""),
                profile.measurementIterations() + " x " + profile.measurementTime().toSeconds() + " s", serverOptions,
                cells().stream().map(CellId::name).toList(), slowLoad.id(),
                java.util.OptionalInt.of(maxRate), profile.singleForkFrom(),
                profile.singleForkScenarios().stream().filter(scenarios()::contains).map(Scenario::id).toList());
    }
}
