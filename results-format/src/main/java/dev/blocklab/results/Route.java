package dev.blocklab.results;

import java.util.List;

/**
 * One JMH group member of a cell ({@code slow} or {@code fast}): counts, throughput and latency, and the
 * per-iteration mean latencies of every fork (JMH's {@code rawData}), which carry the run-to-run spread.
 */
public record Route(int threads, long ok, long errors, List<Double> throughputPerFork, double throughput,
        double meanMs, double meanErrorMs, Latency latencyMs, List<Double> iterationMeansMs) {}
