package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.Probe;
import dev.blocklab.results.Route;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The figures a comparison checks, declared as data: how to read the value from a cell, which way is better,
 * and where its spread comes from.
 */
enum HeadlineMetric {
    SLOW_THROUGHPUT("slow throughput", "req/s", true,
            c -> c.slow().map(Route::throughput),
            // A closed loop: each iteration's throughput is threads / mean latency (Little's law).
            c -> c.slow().map(r -> perFork(r.iterationMeansMs().stream().map(ms -> c.slowThreads() * 1000.0 / ms).toList(), c.forks())),
            0),
    FAST_MEAN("fast `/` mean (JMH)", "ms", false,
            c -> c.fast().map(Route::meanMs), c -> c.fast().map(r -> perFork(r.iterationMeansMs(), c.forks())), 0),
    PROBE_P99("fast `/` p99 (probe)", "ms", false,
            c -> c.probe().map(p -> p.latencyMs().p99()), c -> Optional.empty(), 0.99),
    PROBE_P999("fast `/` p99.9 (probe)", "ms", false,
            c -> c.probe().map(p -> p.latencyMs().p999()), c -> Optional.empty(), 0.999);

    private final String label;
    private final String unit;
    private final boolean higherIsBetter;
    private final Function<Cell, Optional<Double>> value;
    private final Function<Cell, Optional<List<Double>>> samples;
    private final double quantile;

    HeadlineMetric(String label, String unit, boolean higherIsBetter, Function<Cell, Optional<Double>> value,
            Function<Cell, Optional<List<Double>>> samples, double quantile) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.value = value;
        this.samples = samples;
        this.quantile = quantile;
    }

    String label() {
        return label;
    }

    String unit() {
        return unit;
    }

    boolean higherIsBetter() {
        return higherIsBetter;
    }

    Optional<Double> value(Cell cell) {
        return value.apply(cell).filter(v -> !v.isNaN());
    }

    /**
     * One sample per fork, the mean of its iterations: iterations within a fork share its JIT decisions, heap layout and
     * neighbours, so they are not independent; forks are (JMH's own advice). Iterations are kept fork after fork.
     */
    static List<Double> perFork(List<Double> iterations, int forks) {
        if (iterations.isEmpty() || forks < 1 || iterations.size() % forks != 0) {
            return List.of();
        }
        int each = iterations.size() / forks;
        List<Double> means = new java.util.ArrayList<>();
        for (int f = 0; f < forks; f++) {
            means.add(iterations.subList(f * each, (f + 1) * each).stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        }
        return List.copyOf(means);
    }

    /** Per-fork samples, for metrics compared by their means. */
    Optional<List<Double>> samples(Cell cell) {
        return samples.apply(cell);
    }

    /** The probe histogram, for metrics compared by a quantile's confidence interval. */
    Optional<Histogram> histogram(Cell cell) {
        return quantile > 0 ? cell.probe().flatMap(Probe::histogram) : Optional.empty();
    }

    double quantile() {
        return quantile;
    }
}
