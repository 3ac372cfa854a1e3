package dev.blocklab.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Latency percentiles of one route, in milliseconds; {@code NaN} where the run has no value. */
public record Latency(double p50, double p90, double p99, @JsonProperty("p99.9") double p999, double max) {
    public static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
