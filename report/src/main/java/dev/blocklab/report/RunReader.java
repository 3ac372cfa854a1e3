package dev.blocklab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.launch.Commands;
import dev.blocklab.server.Scenario;
import dev.blocklab.server.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads a run folder written by the harness into a {@link Run}. Tolerant of what a stopped or trimmed run
 * lacks (a cell without {@code cell.json} is "not finished", a missing histogram or analysis is listed as
 * missing); strict about what it cannot read (malformed JSON, an unknown schema version), which ends in one
 * {@link Commands.Failure} line naming the file.
 */
public final class RunReader {
    static final String MANIFEST = "manifest.json";
    static final String CELL_JSON = "cell.json";
    static final String JMH_JSON = "jmh.json";
    static final String PROBE_LOG = "probe.hlog";
    static final String ANALYSIS_JSON = "analysis.json";
    private static final Pattern CELL_NAME = Pattern.compile("(?<variant>[a-z-]+)_(?:baseline|(?<scenario>[a-z]+)_d(?<delay>\\d+)_c(?<threads>\\d+))");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReader() {}

    public static Run read(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new Commands.Failure("no run folder at " + runDir);
        }
        Path manifestFile = runDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new Commands.Failure(runDir + " is not a run folder: it has no " + MANIFEST);
        }
        JsonNode manifestJson = readJson(manifestFile);
        checkSchema(manifestFile, manifestJson, RunManifest.SCHEMA_VERSION);
        RunManifest manifest = manifest(manifestJson);
        Set<String> names = new LinkedHashSet<>(manifest.cells());
        Path cellsDir = runDir.resolve("cells");
        if (Files.isDirectory(cellsDir)) {
            try (Stream<Path> dirs = Files.list(cellsDir)) {
                dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new Commands.Failure("cannot list " + cellsDir + ": " + e.getMessage());
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (String name : names) {
            cells.add(cell(cellsDir.resolve(name), name));
        }
        cells.sort(Run.ORDER);
        return new Run(runDir, manifest, List.copyOf(cells));
    }

    static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new Commands.Failure(file + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Commands.Failure(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new Commands.Failure("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void checkSchema(Path file, JsonNode json, int expected) {
        JsonNode version = json.path("schemaVersion");
        if (!version.canConvertToInt() || version.asInt() != expected) {
            throw new Commands.Failure(file + " has schema version " + (version.isMissingNode() ? "(none)" : version.asText())
                    + "; this report reads version " + expected);
        }
    }

    private static RunManifest manifest(JsonNode m) {
        JsonNode p = m.path("parameters");
        JsonNode jdk = m.path("jdk");
        JsonNode os = m.path("os");
        Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
        for (String role : List.of("server", "harness", "runner")) {
            jvmOptions.put(role, strings(m.path("jvmOptions").path(role)));
        }
        if (m.path("jvmOptions").has("recording")) {
            // The server's JFR settings (runs since manifests carry them); older runs used the same code's settings of their commit.
            jvmOptions.put("recording", strings(m.path("jvmOptions").path("recording")));
        }
        Map<String, String> versions = new LinkedHashMap<>();
        m.path("versions").properties().forEach(e -> versions.put(e.getKey(), e.getValue().asText()));
        return new RunManifest(m.path("runId").asText("?"), p.path("profile").asText("?"), strings(p.path("variants")),
                strings(p.path("scenarios")), ints(p.path("concurrency")), p.path("delayMs").asInt(),
                p.path("probeRate").asInt(), p.path("baseline").asBoolean(), p.path("forks").asInt(1),
                p.path("warmup").asText("?"), p.path("measurement").asText("?"), strings(p.path("serverOptions")),
                strings(p.path("cells")), m.path("git").path("commit").asText("?"), m.path("git").path("dirty").asBoolean(),
                (jdk.path("vendor").asText("") + " " + jdk.path("vm").asText("") + " " + jdk.path("version").asText("")).strip(),
                jvmOptions, (os.path("name").asText("") + " " + os.path("kernel").asText("") + " " + os.path("arch").asText("")).strip(),
                m.path("cpu").path("model").asText("?"), m.path("cpu").path("cores").asInt(), m.path("memoryBytes").asLong(),
                versions, m.path("status").asText("?"), m.path("startedAt").asText(""), m.path("endedAt").asText(""),
                m.path("postgres").asText(""));
    }

    private static Cell cell(Path dir, String name) {
        Path file = dir.resolve(CELL_JSON);
        if (!Files.isRegularFile(file)) {
            return unfinished(name);
        }
        JsonNode c = readJson(file);
        checkSchema(file, c, 1);
        Variant variant = variant(file, c.path("variant").asText());
        Optional<Scenario> scenario = c.has("scenario") ? Optional.of(scenario(file, c.path("scenario").asText())) : Optional.empty();
        CellStatus status = switch (c.path("status").asText()) {
            case "ok" -> CellStatus.OK;
            case "errors" -> CellStatus.ERRORS;
            case "failed" -> CellStatus.FAILED;
            default -> throw new Commands.Failure(file + " has an unknown status '" + c.path("status").asText() + "'");
        };
        String reason = c.path("reason").asText("");
        if (!status.measured()) {
            return new Cell(c.path("cell").asText(name), variant, scenario, c.path("delayMs").asInt(), c.path("slowThreads").asInt(),
                    status, reason, 0, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    OptionalDouble.empty(), OptionalDouble.empty(), 0, List.of(), List.of(), List.of());
        }
        List<String> missing = new ArrayList<>();
        JsonNode jmh = jmh(dir, missing);
        boolean baseline = scenario.isEmpty();
        Optional<Route> slow = baseline ? Optional.empty() : Optional.of(route(c.path("slow"), jmh.path("secondaryMetrics").path("slow")));
        JsonNode fastMetric = baseline ? jmh.path("primaryMetric") : jmh.path("secondaryMetrics").path("fast");
        Optional<Route> fast = Optional.of(route(c.path("fast"), fastMetric));
        List<Path> forkDirs = forkDirs(dir);
        Optional<Probe> probe = c.has("probe") ? Optional.of(probe(c.path("probe"), dir, forkDirs, missing)) : Optional.empty();
        Optional<Bound> bound = Optional.empty();
        if (c.has("bound")) {
            Map<String, Integer> limits = new LinkedHashMap<>();
            c.path("bound").path("limits").properties().forEach(e -> limits.put(e.getKey(), e.getValue().asInt()));
            bound = Optional.of(new Bound(c.path("bound").path("throughput").asDouble(), c.path("bound").path("limitedBy").asText(), limits));
        }
        OptionalDouble utilization = number(c.path("harnessUtilization"));
        if (utilization.isEmpty() && slow.isPresent() && c.path("slowThreads").asInt() > 0) {
            // Harness versions before harnessUtilization: the same Little's-law figure from the same fields.
            Route s = slow.get();
            utilization = OptionalDouble.of(s.throughput() * s.meanMs() / 1000.0 / c.path("slowThreads").asInt());
        }
        List<Diagnosis> diagnoses = new ArrayList<>();
        for (Path fork : forkDirs) {
            Path analysis = fork.resolve(ANALYSIS_JSON);
            if (Files.isRegularFile(analysis)) {
                diagnoses.add(AnalysisReader.read(analysis, fork.getFileName().toString()));
            } else {
                missing.add(dir.relativize(analysis).toString());
            }
        }
        if (forkDirs.isEmpty()) {
            missing.add("fork-*/ (no fork folders)");
        }
        Map<String, Integer> pools = new LinkedHashMap<>();
        c.path("pools").properties().forEach(e -> pools.put(e.getKey(), e.getValue().asInt()));
        return new Cell(c.path("cell").asText(name), variant, scenario, c.path("delayMs").asInt(), c.path("slowThreads").asInt(),
                status, reason, c.path("forks").asInt(forkDirs.size()), pools, slow, fast, probe, bound,
                number(c.path("efficiency")), utilization, c.path("errorRate").asDouble(), strings(c.path("recordings")),
                List.copyOf(diagnoses), List.copyOf(missing));
    }

    private static Cell unfinished(String name) {
        Matcher m = CELL_NAME.matcher(name);
        if (!m.matches()) {
            throw new Commands.Failure("cells/" + name + " is not a cell name this report knows (variant_scenario_dD_cN or variant_baseline)");
        }
        Path where = Path.of("cells", name, CELL_JSON);
        Variant variant = variant(where, m.group("variant"));
        Optional<Scenario> scenario = Optional.ofNullable(m.group("scenario")).map(s -> scenario(where, s));
        int delay = m.group("delay") == null ? 0 : Integer.parseInt(m.group("delay"));
        int threads = m.group("threads") == null ? 0 : Integer.parseInt(m.group("threads"));
        return new Cell(name, variant, scenario, delay, threads, CellStatus.NOT_FINISHED, "no cell.json: the run ended before this cell",
                0, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), 0, List.of(), List.of(), List.of(CELL_JSON));
    }

    private static Variant variant(Path file, String id) {
        try {
            return Variant.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new Commands.Failure(file + ": " + e.getMessage());
        }
    }

    private static Scenario scenario(Path file, String id) {
        try {
            return Scenario.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new Commands.Failure(file + ": " + e.getMessage());
        }
    }

    private static JsonNode jmh(Path dir, List<String> missing) {
        Path file = dir.resolve(JMH_JSON);
        if (!Files.isRegularFile(file)) {
            missing.add(JMH_JSON);
            return JSON.missingNode();
        }
        JsonNode results = readJson(file);
        return results.isArray() && !results.isEmpty() ? results.get(0) : JSON.missingNode();
    }

    private static Route route(JsonNode r, JsonNode jmhMetric) {
        List<Double> iterations = new ArrayList<>();
        jmhMetric.path("rawData").forEach(fork -> fork.forEach(v -> iterations.add(v.asDouble())));
        return new Route(r.path("threads").asInt(), r.path("ok").asLong(), r.path("errors").asLong(), doubles(r.path("throughputPerFork")),
                r.path("throughput").asDouble(Double.NaN), r.path("meanMs").asDouble(Double.NaN), r.path("meanErrorMs").asDouble(Double.NaN),
                latency(r.path("latencyMs")), List.copyOf(iterations));
    }

    private static Probe probe(JsonNode p, Path cellDir, List<Path> forkDirs, List<String> missing) {
        Histogram merged = new Histogram(3);
        boolean any = false;
        for (Path fork : forkDirs) {
            Path log = fork.resolve(PROBE_LOG);
            if (!Files.isRegularFile(log)) {
                missing.add(cellDir.relativize(log).toString());
                continue;
            }
            try {
                HistogramLogReader reader = new HistogramLogReader(log.toFile());
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    merged.add((Histogram) h);
                    any = true;
                }
            } catch (IOException | RuntimeException e) {
                throw new Commands.Failure(log + " is not a readable HdrHistogram log: " + e.getMessage());
            }
        }
        return new Probe(p.path("rate").asInt(), p.path("count").asLong(), p.path("errors").asLong(), latency(p.path("latencyMs")),
                any ? Optional.of(merged) : Optional.empty());
    }

    private static List<Path> forkDirs(Path cellDir) {
        try (Stream<Path> dirs = Files.list(cellDir)) {
            return dirs.filter(d -> Files.isDirectory(d) && d.getFileName().toString().startsWith("fork-"))
                    .sorted((a, b) -> Integer.compare(forkNumber(a), forkNumber(b))).toList();
        } catch (IOException e) {
            throw new Commands.Failure("cannot list " + cellDir + ": " + e.getMessage());
        }
    }

    private static int forkNumber(Path dir) {
        String digits = dir.getFileName().toString().substring("fork-".length());
        return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : Integer.MAX_VALUE;
    }

    static Latency latency(JsonNode l) {
        if (l.isMissingNode()) {
            return Latency.NONE;
        }
        return new Latency(l.path("p50").asDouble(Double.NaN), l.path("p90").asDouble(Double.NaN), l.path("p99").asDouble(Double.NaN),
                l.path("p99.9").asDouble(Double.NaN), l.path("max").asDouble(Double.NaN));
    }

    static OptionalDouble number(JsonNode n) {
        return n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return List.copyOf(out);
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return List.copyOf(out);
    }
}
