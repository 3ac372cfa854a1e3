package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Joins run folders measured apart (CI shards, or machines) into one run folder that the report reads like
 * any other. Environments are compared field by field: a mismatch is written into the merged manifest and
 * printed, never hidden; {@code strict} refuses it.
 */
public final class Merge {
    /** Manifest fields that must agree for the shards' numbers to be comparable side by side. */
    static final List<String> ENVIRONMENT = List.of("/schemaVersion", "/git/commit", "/git/dirty", "/jdk/version", "/jdk/vendor",
            "/os/name", "/os/kernel", "/cpu/model", "/cpu/cores", "/memoryBytes", "/jvmOptions/server", "/jvmOptions/harness", "/jvmOptions/recording",
            "/parameters/profile", "/parameters/delayMs", "/parameters/probeRate", "/parameters/forks", "/parameters/warmup",
            "/parameters/measurement", "/parameters/serverOptions", "/versions");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Merge() {}

    /** What came out: the merged folder and the environment fields on which the shards disagreed. */
    public record Result(Path runDir, List<String> mismatches) {}

    public static Result merge(List<Path> shards, Path out, boolean strict) throws IOException {
        List<ObjectNode> manifests = new ArrayList<>();
        for (Path shard : shards) {
            manifests.add(manifest(shard));
        }
        List<String> mismatches = mismatches(shards, manifests);
        if (strict && !mismatches.isEmpty()) {
            throw new Commands.Failure("shards come from different environments: " + String.join("; ", mismatches));
        }
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.createDirectory(out);
        } catch (FileAlreadyExistsException e) {
            throw new Commands.Failure(out + " already exists; merge never overwrites a run");
        }
        TreeMap<String, Path> cells = new TreeMap<>();
        for (Path shard : shards) {
            try (Stream<Path> dirs = Files.list(shard.resolve("cells"))) {
                for (Path cell : dirs.sorted().toList()) {
                    Path previous = cells.putIfAbsent(cell.getFileName().toString(), cell);
                    if (previous != null) {
                        throw new Commands.Failure("cell " + cell.getFileName() + " is in both " + previous.getParent().getParent()
                                + " and " + shard + "; each cell must be measured in one shard only");
                    }
                }
            }
        }
        ArrayNode summaries = JSON.createArrayNode();
        ObjectNode verification = JSON.createObjectNode();
        for (Path shard : shards) {
            copyTree(shard.resolve("logs"), out.resolve("logs").resolve(shard.getFileName().toString()));
            Path verified = shard.resolve(RunAll.VERIFICATION);
            if (Files.isRegularFile(verified)) {
                JSON.readTree(verified.toFile()).fields().forEachRemaining(e -> verification.set(e.getKey(), e.getValue()));
            }
        }
        for (var cell : cells.entrySet()) {
            copyTree(cell.getValue(), out.resolve("cells").resolve(cell.getKey()));
            Path summary = cell.getValue().resolve(CellSummary.CELL_JSON);
            if (Files.isRegularFile(summary)) {
                summaries.add(JSON.readTree(summary.toFile()));
            }
        }
        mismatches.addAll(differentBodies(verification));
        JSON.writeValue(out.resolve(RunAll.VERIFICATION).toFile(), verification);
        JSON.writeValue(out.resolve(RunAll.SUMMARY).toFile(), summaries);
        JSON.writeValue(out.resolve(RunAll.MANIFEST).toFile(), mergedManifest(out, shards, manifests, mismatches, cells.keySet()));
        return new Result(out, mismatches);
    }

    /**
     * Each shard verified its own variants; across shards, the same route must still answer the same body
     * (TechEmpower's check), or the variants did not do the same work.
     */
    static List<String> differentBodies(JsonNode verification) {
        List<String> differences = new ArrayList<>();
        TreeMap<String, String> first = new TreeMap<>();
        TreeMap<String, String> firstVariant = new TreeMap<>();
        verification.fields().forEachRemaining(variant -> variant.getValue().path("bodies").fields().forEachRemaining(route -> {
            String body = route.getValue().asText();
            String seen = first.putIfAbsent(route.getKey(), body);
            firstVariant.putIfAbsent(route.getKey(), variant.getKey());
            if (seen != null && !seen.equals(body)) {
                differences.add("verification: GET " + route.getKey() + " answered differently on " + firstVariant.get(route.getKey())
                        + " and " + variant.getKey());
            }
        }));
        return differences;
    }

    private static ObjectNode manifest(Path shard) {
        Path file = shard.resolve(RunAll.MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new Commands.Failure(shard + " is not a run folder (no " + RunAll.MANIFEST + ")");
        }
        try {
            JsonNode manifest = JSON.readTree(file.toFile());
            if (manifest.path("schemaVersion").asInt() != Manifest.SCHEMA_VERSION) {
                throw new Commands.Failure(file + " has schema version " + manifest.path("schemaVersion")
                        + "; this blocklab reads version " + Manifest.SCHEMA_VERSION);
            }
            return (ObjectNode) manifest;
        } catch (IOException | ClassCastException e) {
            throw new Commands.Failure(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<String> mismatches(List<Path> shards, List<ObjectNode> manifests) {
        List<String> mismatches = new ArrayList<>();
        for (String field : ENVIRONMENT) {
            Set<String> values = new LinkedHashSet<>();
            manifests.forEach(m -> values.add(m.at(field).toString()));
            if (values.size() > 1) {
                List<String> each = new ArrayList<>();
                for (int i = 0; i < shards.size(); i++) {
                    each.add(shards.get(i).getFileName() + "=" + manifests.get(i).at(field));
                }
                mismatches.add(field.substring(1) + " differs: " + String.join(", ", each));
            }
        }
        return mismatches;
    }

    private static ObjectNode mergedManifest(Path out, List<Path> shards, List<ObjectNode> manifests, List<String> mismatches,
            Set<String> cells) {
        ObjectNode merged = manifests.getFirst().deepCopy();
        merged.put("runId", out.getFileName().toString());
        Set<String> variants = new LinkedHashSet<>();
        Set<String> scenarios = new LinkedHashSet<>();
        String started = null;
        String ended = null;
        String status = "complete";
        for (ObjectNode m : manifests) {
            m.path("parameters").path("variants").forEach(v -> variants.add(v.asText()));
            m.path("parameters").path("scenarios").forEach(v -> scenarios.add(v.asText()));
            String s = m.path("startedAt").asText();
            String e = m.path("endedAt").asText("");
            started = started == null || s.compareTo(started) < 0 ? s : started;
            ended = ended == null || e.compareTo(ended) > 0 ? e : ended;
            if (!m.path("status").asText().equals("complete")) {
                status = m.path("status").asText().equals("interrupted") ? "interrupted" : "complete-with-failures";
            }
        }
        ObjectNode parameters = (ObjectNode) merged.path("parameters");
        parameters.set("variants", JSON.valueToTree(variants));
        parameters.set("scenarios", JSON.valueToTree(scenarios));
        parameters.set("cells", JSON.valueToTree(cells));
        merged.put("startedAt", started);
        merged.put("endedAt", ended);
        merged.put("status", status);
        ArrayNode from = merged.putArray("mergedFrom");
        for (int i = 0; i < shards.size(); i++) {
            from.addObject().put("runId", manifests.get(i).path("runId").asText()).put("path", shards.get(i).toString())
                    .put("status", manifests.get(i).path("status").asText());
        }
        merged.set("environmentMismatches", JSON.valueToTree(mismatches));
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
