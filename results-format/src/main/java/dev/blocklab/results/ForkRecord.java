package dev.blocklab.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one JMH fork of a cell writes ({@code fork-N/fork.json}) for the runner to summarise: the server it
 * measured (the server's ready line, as the server printed it), the measurement window, each route's counts, the
 * probe's counts, and what each process spent over the window ({@link ProcessCost}; empty where nothing was sampled).
 * The probe's latencies are in {@code probe.hlog} beside it; with the open-model slow load ({@code openLoad}), the slow
 * requests' latencies are in {@code slow.hlog}.
 */
public record ForkRecord(String cell, JsonNode server, String serverOptions, Window window, Counts slow, Counts fast,
        ProbeCounts probe, List<ProcessCost> processes, OptionalDouble machineBusy, Optional<OpenLoad> openLoad) {

    public ForkRecord {
        openLoad = openLoad == null ? Optional.empty() : openLoad; // absent in files written before the open model
    }

    /** Requests of one route during the window. */
    public record Counts(long ok, long errors, double throughput) {}

    /** The open-loop probe's requests: {@code rate} 0 when the probe was off. */
    public record ProbeCounts(int rate, long count, long expected, long errors, long refused) {
        public static final ProbeCounts OFF = new ProbeCounts(0, 0, 0, 0, 0);
    }
}
