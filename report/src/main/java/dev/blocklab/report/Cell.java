package dev.blocklab.report;

import dev.blocklab.server.Scenario;
import dev.blocklab.server.Variant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One cell of a run: a variant under one load ({@code kind} mixed) or alone ({@code kind} baseline). Only a
 * measured cell ({@link CellStatus#measured()}) has routes, probe and bound; the others carry their reason.
 */
public record Cell(String name, Variant variant, Optional<Scenario> scenario, int delayMs, int slowThreads,
        CellStatus status, String reason, int forks, Map<String, Integer> pools, Optional<Route> slow,
        Optional<Route> fast, Optional<Probe> probe, Optional<Bound> bound, OptionalDouble efficiency,
        OptionalDouble harnessUtilization, double errorRate, List<String> recordings, List<Diagnosis> diagnoses,
        List<String> missingFiles) {

    public boolean isBaseline() {
        return scenario.isEmpty();
    }

    /** The diagnosis of the first fork that has one. */
    public Optional<Diagnosis> diagnosis() {
        return diagnoses.stream().findFirst();
    }
}
