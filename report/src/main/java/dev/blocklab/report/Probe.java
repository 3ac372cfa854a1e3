package dev.blocklab.report;

import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The open-loop probe of {@code GET /}: latency from each request's intended start, so a stalled server is
 * charged for every request it kept waiting. The histogram (microseconds, every fork merged) is present when the
 * run kept its {@code probe.hlog} files.
 */
public record Probe(int rate, long count, long errors, Latency latencyMs, Optional<Histogram> histogram) {}
