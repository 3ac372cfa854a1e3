package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.bench.CellId;
import dev.blocklab.bench.ForkOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Turns the raw files of one measured cell (JMH's JSON, each fork's {@code fork.json} and probe log) into
 * {@code cell.json}: the figures the report quotes, the Little's-law bound, and the cell's status.
 */
final class CellSummary {
    static final int SCHEMA_VERSION = 1;
    static final String CELL_JSON = "cell.json";
    static final String JMH_JSON = "jmh.json";
    static final String JMH_LOG = "jmh.log";
    /** More errors than this, and a cell is marked, never silently averaged in. */
    static final double ERROR_THRESHOLD = 0.01;
    private static final Map<String, String> PERCENTILES = percentileKeys();

    private static final ObjectMapper JSON = new ObjectMapper();

    private CellSummary() {}

    static ObjectNode summarize(CellId cell, Path cellDir) throws IOException {
        ObjectNode summary = header(cell);
        JsonNode jmh = readJmh(cellDir);
        List<JsonNode> forks = forks(cellDir);
        if (jmh == null || forks.isEmpty()) {
            return failed(cell, "no results: " + reasonFromLog(cellDir));
        }
        summary.put("forks", forks.size());
        forks.getFirst().path("server").optional("pools").ifPresent(pools -> summary.set("pools", pools));
        summary.set("window", windows(forks));
        long errors = 0;
        long requests = 0;
        for (String member : cell.isBaseline() ? List.of("fast") : List.of("slow", "fast")) {
            JsonNode metric = cell.isBaseline() ? jmh.path("primaryMetric") : jmh.path("secondaryMetrics").path(member);
            ObjectNode out = summary.putObject(member);
            long ok = sum(forks, member, "ok");
            long failed = sum(forks, member, "errors");
            errors += failed;
            requests += ok + failed;
            out.put("threads", member.equals("fast") ? 1 : cell.slowThreads());
            out.put("ok", ok);
            out.put("errors", failed);
            ArrayNode perFork = out.putArray("throughputPerFork");
            forks.forEach(fork -> perFork.add(fork.path(member).path("throughput").asDouble()));
            out.put("throughput", forks.stream().mapToDouble(f -> f.path(member).path("throughput").asDouble()).average().orElse(0));
            out.put("meanMs", metric.path("score").asDouble());
            out.put("meanErrorMs", metric.path("scoreError").asDouble());
            out.set("latencyMs", latencies(metric.path("scorePercentiles")));
        }
        if (forks.getFirst().path("probe").path("rate").asInt() > 0) { // the harness floor turns the probe off
            summary.set("probe", probe(cellDir, forks));
        }
        if (!cell.isBaseline()) {
            bound(cell, summary);
        }
        double errorRate = requests == 0 ? 1.0 : (double) errors / requests;
        summary.put("errorRate", errorRate);
        summary.put("status", errorRate > ERROR_THRESHOLD ? "errors" : "ok");
        if (errorRate > ERROR_THRESHOLD) {
            summary.put("reason", String.format(java.util.Locale.ROOT, "%.1f%% of requests failed (threshold %.0f%%)",
                    100 * errorRate, 100 * ERROR_THRESHOLD));
        }
        summary.set("recordings", recordings(cellDir));
        eventLoop(cellDir).ifPresent(loop -> summary.set("eventLoop", loop));
        return summary;
    }

    /** The headline of the forks' analyses: how much of the measured time the event loops were blocked, and on what. */
    private static java.util.Optional<ObjectNode> eventLoop(Path cellDir) throws IOException {
        List<JsonNode> analyses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(cellDir, 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(Recordings.ANALYSIS_JSON)).sorted().toList()) {
                analyses.add(JSON.readTree(file.toFile()));
            }
        }
        if (analyses.isEmpty()) {
            return java.util.Optional.empty();
        }
        ObjectNode loop = JSON.createObjectNode();
        loop.put("blockedFraction", analyses.stream().mapToDouble(a -> a.path("eventLoop").path("blockedFraction").asDouble()).average().orElse(0));
        JsonNode top = analyses.getFirst().path("eventLoop").path("topStacks").path(0);
        if (!top.isMissingNode()) {
            loop.put("topStack", top.path("application").asText() + " -> " + top.path("call").asText());
            loop.put("topEvent", top.path("event").asText());
        }
        return java.util.Optional.of(loop);
    }

    static ObjectNode failed(CellId cell, String reason) {
        ObjectNode summary = header(cell);
        summary.put("status", "failed");
        summary.put("reason", reason);
        return summary;
    }

    private static ObjectNode header(CellId cell) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("schemaVersion", SCHEMA_VERSION);
        summary.put("cell", cell.name());
        summary.put("variant", cell.variant().id());
        summary.put("kind", cell.isBaseline() ? "baseline" : "mixed");
        cell.scenario().ifPresent(s -> summary.put("scenario", s.id()));
        if (!cell.isBaseline()) {
            summary.put("delayMs", cell.delayMs());
            summary.put("slowThreads", cell.slowThreads());
        }
        return summary;
    }

    private static void bound(CellId cell, ObjectNode summary) {
        Map<String, Integer> pools = new LinkedHashMap<>();
        summary.path("pools").fields().forEachRemaining(e -> pools.put(e.getKey(), e.getValue().asInt()));
        LittlesLaw.Bound bound = LittlesLaw.of(cell, pools);
        ObjectNode out = summary.putObject("bound");
        out.put("throughput", bound.requestsPerSecond());
        out.put("limitedBy", bound.limitedBy());
        out.set("limits", JSON.valueToTree(bound.limits()));
        JsonNode slow = summary.path("slow");
        summary.put("efficiency", slow.path("throughput").asDouble() / bound.requestsPerSecond());
        // Little's law run backwards: requests in flight = throughput x mean latency. Near 1 x slowThreads,
        // the load threads were never idle, so an efficiency below 1 is the server's latency, not the harness.
        summary.put("harnessUtilization",
                slow.path("throughput").asDouble() * slow.path("meanMs").asDouble() / 1000.0 / cell.slowThreads());
    }

    private static JsonNode readJmh(Path cellDir) throws IOException {
        Path file = cellDir.resolve(JMH_JSON);
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return null;
        }
        JsonNode results = JSON.readTree(file.toFile());
        return results.isArray() && !results.isEmpty() ? results.get(0) : null;
    }

    private static List<JsonNode> forks(Path cellDir) throws IOException {
        List<JsonNode> forks = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(cellDir)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("fork-")).sorted().toList()) {
                Path file = dir.resolve(ForkOutput.FORK_JSON);
                if (Files.isRegularFile(file)) {
                    forks.add(JSON.readTree(file.toFile()));
                }
            }
        }
        return forks;
    }

    private static long sum(List<JsonNode> forks, String member, String field) {
        return forks.stream().mapToLong(f -> f.path(member).path(field).asLong()).sum();
    }

    private static ArrayNode windows(List<JsonNode> forks) {
        ArrayNode windows = JSON.createArrayNode();
        forks.forEach(f -> windows.add(f.path("window")));
        return windows;
    }

    private static ObjectNode latencies(JsonNode percentiles) {
        ObjectNode out = JSON.createObjectNode();
        PERCENTILES.forEach((jmhKey, name) -> out.put(name, percentiles.path(jmhKey).asDouble()));
        return out;
    }

    private static Map<String, String> percentileKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("50.0", "p50");
        keys.put("90.0", "p90");
        keys.put("99.0", "p99");
        keys.put("99.9", "p99.9");
        keys.put("100.0", "max");
        return keys;
    }

    /** The open-loop probe, its forks' histograms merged. */
    private static ObjectNode probe(Path cellDir, List<JsonNode> forks) {
        Histogram merged = new Histogram(3);
        try (Stream<Path> dirs = Files.list(cellDir)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("fork-")).sorted().toList()) {
                Path log = dir.resolve(ForkOutput.PROBE_LOG);
                if (!Files.isRegularFile(log)) {
                    continue; // A fork without a probe log contributes nothing; the count below shows it.
                }
                try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
                    for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                        merged.add((Histogram) h);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("rate", forks.getFirst().path("probe").path("rate").asInt());
        out.put("count", merged.getTotalCount());
        out.put("errors", forks.stream().mapToLong(f -> f.path("probe").path("errors").asLong()).sum());
        long refused = forks.stream().mapToLong(f -> f.path("probe").path("refused").asLong()).sum();
        out.put("refused", refused);
        // Requests the probe could not send have no latency: what is left understates the tail.
        out.put("lowerBound", refused > 0);
        ObjectNode latency = out.putObject("latencyMs");
        for (var entry : PERCENTILES.entrySet()) {
            double percentile = Double.parseDouble(entry.getKey());
            latency.put(entry.getValue(), (percentile >= 100 ? merged.getMaxValue() : merged.getValueAtPercentile(percentile)) / 1000.0);
        }
        return out;
    }

    private static ArrayNode recordings(Path cellDir) throws IOException {
        ArrayNode recordings = JSON.createArrayNode();
        try (Stream<Path> files = Files.walk(cellDir, 2)) {
            files.filter(f -> f.getFileName().toString().equals(ForkOutput.RECORDING)).sorted()
                    .forEach(f -> recordings.add(cellDir.relativize(f).toString()));
        }
        return recordings;
    }

    /** The first line of JMH's log that says what went wrong. */
    static String reasonFromLog(Path cellDir) {
        try (Stream<String> lines = Files.lines(cellDir.resolve(JMH_LOG))) {
            return lines.map(String::strip)
                    .filter(l -> l.contains("Exception") || l.contains("Error:") || l.startsWith("<failure>") || l.contains("Failure"))
                    .filter(l -> !l.startsWith("at "))
                    .findFirst().orElse("JMH produced no result (see " + JMH_LOG + ")");
        } catch (IOException | UncheckedIOException e) {
            return "JMH produced no result and no log";
        }
    }
}
