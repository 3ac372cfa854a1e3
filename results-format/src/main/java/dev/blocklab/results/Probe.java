package dev.blocklab.results;

import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The open-loop probe of {@code GET /}: latency from each request's intended start, so a stalled server is
 * charged for every request it kept waiting. {@code refused} requests could not be sent at all: with any, the
 * percentiles are a lower bound. The histogram (microseconds, every fork merged) travels inside {@code cell.json}
 * so that a reader needs no other file; it is absent when no fork wrote one.
 */
public record Probe(int rate, long count, long errors, long refused, Latency latencyMs, Optional<Histogram> histogram) {
    /** Requests the probe could not send have no latency: what is left understates the tail. */
    public boolean lowerBound() {
        return refused > 0;
    }
}
