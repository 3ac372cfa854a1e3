package dev.blocklab.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one JMH fork of a cell writes ({@code fork-N/fork.json}) for the runner to summarise: the server it
 * measured (the server's ready line, as the server printed it), the measurement window, each route's counts, the
 * probe's counts, and what each process spent over the window ({@link ProcessCost}; empty where nothing was sampled).
 * The probe's latencies are in {@code probe.hlog} beside it.
 */
public record ForkRecord(String cell, JsonNode server, String serverOptions, Window window, Counts slow, Counts fast,
        ProbeCounts probe, List<ProcessCost> processes, OptionalDouble machineBusy) {

    /** Requests of one route during the window. */
    public record Counts(long ok, long errors, double throughput) {}

    /** The open-loop probe's requests: {@code rate} 0 when the probe was off. */
    public record ProbeCounts(int rate, long count, long expected, long errors, long refused) {
        public static final ProbeCounts OFF = new ProbeCounts(0, 0, 0, 0, 0);
    }
}
