package dev.blocklab.results;

import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One cell of a run, as {@code cell.json} holds it: a variant under one load (a scenario) or alone (baseline).
 * Self-contained: every figure a reader quotes is here, so the JMH JSON, probe logs and analyses next to it are
 * evidence for other tools, never needed to render. Only a measured cell ({@link CellStatus#measured()}) has
 * routes, probe and bound; the others carry their reason.
 *
 * @param windows when each fork measured
 * @param harnessUtilization Little's law run backwards: requests in flight (throughput x mean latency) over the slow
 *     threads. Near 1, the load threads were never idle, so an efficiency below 1 is the server's latency.
 * @param diagnoses the JFR analysis of each fork that has one
 * @param analysisProblems recordings that could not be scrubbed or analysed, one line each
 * @param missingFiles evidence the summary looked for and did not find (a trimmed or interrupted cell)
 * @param cost CPU, memory and threads of every process over the measurement windows; empty in runs before it was measured
 * @param openLoad the open-model slow-load generator's self-check, every fork summed; empty under the closed model
 */
public record Cell(String name, Variant variant, Optional<Scenario> scenario, int delayMs, int slowThreads,
        CellStatus status, String reason, int forks, Map<String, Integer> pools, List<Window> windows, Optional<Route> slow,
        Optional<Route> fast, Optional<Probe> probe, Optional<Bound> bound, OptionalDouble efficiency,
        OptionalDouble harnessUtilization, double errorRate, List<String> recordings, List<Diagnosis> diagnoses,
        List<String> analysisProblems, List<String> missingFiles, Optional<Cost> cost, Optional<OpenLoad> openLoad) {

    public Cell {
        openLoad = openLoad == null ? Optional.empty() : openLoad; // absent in files written before the open model
    }

    /** A cell that was not measured, with the reason. */
    public static Cell notMeasured(CellId id, CellStatus status, String reason, List<String> missingFiles) {
        return new Cell(id.name(), id.variant(), id.scenario(), id.delayMs(), id.slowThreads(), status, reason, 0, Map.of(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                0, List.of(), List.of(), List.of(), missingFiles, Optional.empty(), Optional.empty());
    }

    public CellId id() {
        return new CellId(variant, scenario, delayMs, slowThreads);
    }

    public boolean isBaseline() {
        return scenario.isEmpty();
    }

    /** The diagnosis of the first fork that has one. */
    public Optional<Diagnosis> diagnosis() {
        return diagnoses.stream().findFirst();
    }

    /**
     * The share of the measured window the event loop spent blocked: the median of every fork's recording (the fork is
     * the unit of replication), the figure every section of the report uses; empty when no fork was analysed.
     */
    public java.util.OptionalDouble loopBlocked() {
        List<Double> forks = diagnoses.stream().flatMap(d -> d.loopBlockedFraction().stream().boxed()).sorted().toList();
        if (forks.isEmpty()) {
            return java.util.OptionalDouble.empty();
        }
        int n = forks.size();
        return java.util.OptionalDouble.of(n % 2 == 1 ? forks.get(n / 2) : (forks.get(n / 2 - 1) + forks.get(n / 2)) / 2);
    }

    /** The load generator's own threads' cores over the cell's windows, where it measured them. */
    public java.util.OptionalDouble generatorCores() {
        double seconds = windows.stream().mapToDouble(Window::measuredSeconds).sum();
        return openLoad.map(l -> l.threadCores(seconds)).orElse(java.util.OptionalDouble.empty());
    }

    /** The slow calls the server itself finished successfully per second, the mean over the forks that counted them (in time or not). */
    public java.util.OptionalDouble serverSlowCallsPerSecond() {
        return diagnoses.stream().flatMapToDouble(d -> d.slowCallsPerSecond().stream()).average();
    }

    /** The server's slow calls per second against the cell's bound, where both are known. */
    public java.util.OptionalDouble serverEfficiency() {
        java.util.OptionalDouble rate = serverSlowCallsPerSecond();
        return rate.isPresent() && bound.isPresent() && bound.get().throughput() > 0
                ? java.util.OptionalDouble.of(rate.getAsDouble() / bound.get().throughput()) : java.util.OptionalDouble.empty();
    }

    /** Every fork's waits for a database connection together: their count, mean and the longest. */
    public Optional<Diagnosis.ConnectionWait> connectionWait() {
        List<Diagnosis.ConnectionWait> forks = diagnoses.stream().flatMap(d -> d.connectionWait().stream()).toList();
        long count = forks.stream().mapToLong(Diagnosis.ConnectionWait::count).sum();
        if (count == 0) {
            return Optional.empty();
        }
        double mean = forks.stream().mapToDouble(w -> w.meanMs() * w.count()).sum() / count;
        return Optional.of(new Diagnosis.ConnectionWait(count, mean, forks.stream().mapToDouble(Diagnosis.ConnectionWait::maxMs).max().orElseThrow()));
    }
}
