package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards measured apart become one run; differing environments are reported, overlaps refused. */
class MergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void mergesShardsIntoOneRun() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "loop-async", "Xeon");
        Merge.Result result = Merge.merge(List.of(a, b), dir.resolve("merged"), true);

        assertEquals(List.of(), result.mismatches());
        JsonNode manifest = JSON.readTree(dir.resolve("merged/manifest.json").toFile());
        assertEquals(List.of("platform", "loop-async"), JSON.convertValue(manifest.at("/parameters/variants"), List.class));
        assertEquals(2, manifest.path("mergedFrom").size());
        assertEquals("2026-01-01T00:00:00Z", manifest.path("startedAt").asText());
        assertEquals("2026-01-01T00:10:00Z", manifest.path("endedAt").asText());
        assertEquals(2, JSON.readTree(dir.resolve("merged/summary.json").toFile()).size());
        assertTrue(Files.isRegularFile(dir.resolve("merged/cells/loop-async_http_d100_c4/cell.json")));
        assertTrue(JSON.readTree(dir.resolve("merged/verification.json").toFile()).has("platform"));
    }

    @Test
    void aSingleShardIsCopiedAsARun() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Merge.Result result = Merge.merge(List.of(a), dir.resolve("merged"), true);
        assertEquals(List.of(), result.mismatches());
        assertTrue(Files.isRegularFile(dir.resolve("merged/cells/platform_http_d100_c4/cell.json")));
        assertEquals(1, JSON.readTree(dir.resolve("merged/summary.json").toFile()).size());
    }

    @Test
    void differentMachinesAreReportedNotHidden() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "virtual", "EPYC");
        Merge.Result result = Merge.merge(List.of(a, b), dir.resolve("merged"), false);
        assertEquals(1, result.mismatches().size());
        assertTrue(result.mismatches().getFirst().startsWith("cpu/model differs: a=\"Xeon\", b=\"EPYC\""), result.mismatches().toString());
        assertEquals(1, JSON.readTree(dir.resolve("merged/manifest.json").toFile()).path("environmentMismatches").size());

        Commands.Failure strict = assertThrows(Commands.Failure.class, () -> Merge.merge(List.of(a, b), dir.resolve("strict"), true));
        assertTrue(strict.getMessage().contains("cpu/model differs"));
    }

    @Test
    void refusesOverlapsExistingOutputAndNonRuns() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "platform", "Xeon");
        assertTrue(assertThrows(Commands.Failure.class, () -> Merge.merge(List.of(a, b), dir.resolve("m1"), false))
                .getMessage().contains("cell platform_http_d100_c4 is in both"));
        Path c = shard("c", "virtual", "Xeon");
        Files.createDirectories(dir.resolve("taken"));
        assertTrue(assertThrows(Commands.Failure.class, () -> Merge.merge(List.of(a, c), dir.resolve("taken"), false))
                .getMessage().contains("already exists"));
        Files.createDirectories(dir.resolve("empty/cells"));
        assertTrue(assertThrows(Commands.Failure.class, () -> Merge.merge(List.of(a, dir.resolve("empty")), dir.resolve("m2"), false))
                .getMessage().contains("is not a run folder"));
    }

    @Test
    void variantsVerifiedInDifferentShardsMustAnswerTheSameBodies() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "virtual", "Xeon");
        JSON.writeValue(b.resolve(RunAll.VERIFICATION).toFile(), JSON.createObjectNode().set("virtual",
                JSON.createObjectNode().put("passed", true).set("bodies", JSON.createObjectNode().put("/", "{\"message\":\"Hi\"}"))));
        Merge.Result result = Merge.merge(List.of(a, b), dir.resolve("merged"), false);
        assertEquals(List.of("verification: GET / answered differently on platform and virtual"), result.mismatches());
    }

    private Path shard(String name, String variant, String cpu) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", Manifest.SCHEMA_VERSION).put("runId", name).put("status", "complete");
        manifest.put("startedAt", name.equals("a") ? "2026-01-01T00:00:00Z" : "2026-01-01T00:05:00Z");
        manifest.put("endedAt", name.equals("a") ? "2026-01-01T00:04:00Z" : "2026-01-01T00:10:00Z");
        manifest.putObject("cpu").put("model", cpu).put("cores", 2);
        manifest.putObject("parameters").put("profile", "smoke").putArray("variants").add(variant);
        JSON.writeValue(run.resolve(RunAll.MANIFEST).toFile(), manifest);
        JSON.writeValue(run.resolve(RunAll.VERIFICATION).toFile(), JSON.createObjectNode().set(variant, JSON.createObjectNode()
                .put("passed", true).set("bodies", JSON.createObjectNode().put("/", "{\"message\":\"Hello World\"}"))));
        Path cell = Files.createDirectories(run.resolve("cells").resolve(variant + "_http_d100_c4"));
        JSON.writeValue(cell.resolve(CellSummary.CELL_JSON).toFile(), JSON.createObjectNode().put("cell", cell.getFileName().toString()).put("status", "ok"));
        return run;
    }
}
