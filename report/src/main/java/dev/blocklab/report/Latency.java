package dev.blocklab.report;

/** Latency percentiles of one route, in milliseconds; {@code NaN} where the run has no value. */
public record Latency(double p50, double p90, double p99, double p999, double max) {
    static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
