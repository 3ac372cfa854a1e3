package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.launch.Commands;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunManifest;
import dev.blocklab.results.RunReader;
import dev.blocklab.results.VerifiedVariant;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards measured apart become one run; differing environments are reported, overlaps refused. */
class MergeTest {
    @TempDir
    Path dir;

    @Test
    void mergesShardsIntoOneRun() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "loop-async", "Xeon");
        Merge.Result result = Merge.merge(List.of(a, b), dir.resolve("merged"), true);

        assertEquals(List.of(), result.mismatches());
        RunManifest manifest = ResultsFormat.read(dir.resolve("merged").resolve(RunLayout.MANIFEST), RunManifest.class);
        assertEquals(List.of("platform", "loop-async"), manifest.parameters().variants());
        assertEquals(2, manifest.mergedFrom().size());
        assertTrue(manifest.mergedFrom().getFirst().machine().startsWith("Xeon, "), manifest.mergedFrom().toString());
        assertEquals("2026-01-01T00:00:00Z", manifest.startedAt());
        assertEquals(Optional.of("2026-01-01T00:10:00Z"), manifest.endedAt());
        assertEquals(List.of("loop-async_http_d100_c4", "platform_http_d100_c4"), manifest.parameters().cells());
        assertEquals(2, RunReader.read(dir.resolve("merged")).cells().size());
        assertTrue(RunReader.verification(dir.resolve("merged")).containsKey("platform"));
    }

    @Test
    void everyShardsCalibrationIsKept() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "loop-async", "Xeon");
        Files.writeString(a.resolve(RunLayout.CALIBRATION), "{\"formatVersion\": 2, \"shard\": \"a\"}");
        Files.createDirectories(a.resolve(RunLayout.CALIBRATION_DIR).resolve("jfr-cost"));
        Files.writeString(a.resolve(RunLayout.CALIBRATION_DIR).resolve("jfr-cost").resolve("slices.csv"), "fork,round\n");
        Path merged = Merge.merge(List.of(a, b), dir.resolve("merged"), true).runDir();
        assertEquals(Files.readString(a.resolve(RunLayout.CALIBRATION)), Files.readString(merged.resolve(RunLayout.CALIBRATION)),
                "the one calibrated shard's calibration is the run's");
        assertTrue(Files.isRegularFile(merged.resolve("calibration/a/calibration.json")));
        assertTrue(Files.isRegularFile(merged.resolve("calibration/a/jfr-cost/slices.csv")));

        Files.copy(a.resolve(RunLayout.CALIBRATION), b.resolve(RunLayout.CALIBRATION));
        Path both = Merge.merge(List.of(a, b), dir.resolve("both"), true).runDir();
        assertTrue(Files.isRegularFile(both.resolve("calibration/a/calibration.json")) && Files.isRegularFile(both.resolve("calibration/b/calibration.json")));
        assertTrue(!Files.exists(both.resolve(RunLayout.CALIBRATION)), "two machines' calibrations: neither is the run's alone");
    }

    @Test
    void aSingleShardIsCopiedAsARun() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Merge.Result result = Merge.merge(List.of(a), dir.resolve("merged"), true);
        assertEquals(List.of(), result.mismatches());
        assertEquals(List.of(CellStatus.OK), RunReader.read(dir.resolve("merged")).cells().stream().map(Cell::status).toList());
    }

    @Test
    void differentMachinesAreReportedNotHidden() throws IOException {
        Path a = shard("a", "platform", "Xeon");
        Path b = shard("b", "virtual", "EPYC");
        Merge.Result result = Merge.merge(List.of(a, b), dir.resolve("merged"), false);
        assertEquals(1, result.mismatches().size());
        assertTrue(result.mismatches().getFirst().startsWith("cpu/model differs: a=\"Xeon\", b=\"EPYC\""), result.mismatches().toString());
        assertEquals(1, ResultsFormat.read(dir.resolve("merged").resolve(RunLayout.MANIFEST), RunManifest.class).environmentMismatches().size());

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
        ResultsFormat.write(b.resolve(RunLayout.VERIFICATION), Map.of("virtual", new VerifiedVariant(true, Optional.empty(), Map.of("/", "{\"message\":\"Hi\"}"))));
        Merge.Result result = Merge.merge(List.of(a, b), dir.resolve("merged"), false);
        assertEquals(List.of("verification: GET / answered differently on platform and virtual"), result.mismatches());
    }

    private Path shard(String name, String variant, String cpu) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        CellId id = CellId.mixed(Variant.fromId(variant), Scenario.HTTP, 100, 4);
        RunManifest manifest = new RunManifest(name, new RunManifest.Parameters("smoke", List.of(variant), List.of("http"), List.of(4), 100, 200,
                false, 1, "1 x 1 s", "1 x 1 s", List.of(), List.of(id.name()), "open", java.util.OptionalInt.of(400), java.util.OptionalInt.empty(), List.of()), new RunManifest.Git("abc", false),
                new RunManifest.Jdk("vendor", "25", "vm"), Map.of(), new RunManifest.Os("Linux", "6", "amd64"), new RunManifest.Cpu(cpu, 2),
                1L << 30, Map.of(), "complete", name.equals("a") ? "2026-01-01T00:00:00Z" : "2026-01-01T00:05:00Z",
                Optional.of(name.equals("a") ? "2026-01-01T00:04:00Z" : "2026-01-01T00:10:00Z"), Optional.empty(), List.of(), List.of());
        ResultsFormat.write(run.resolve(RunLayout.MANIFEST), manifest);
        ResultsFormat.write(run.resolve(RunLayout.VERIFICATION),
                Map.of(variant, new VerifiedVariant(true, Optional.empty(), Map.of("/", "{\"message\":\"Hello World\"}"))));
        Path cell = Files.createDirectories(RunLayout.cellDir(run, id));
        ResultsFormat.write(cell.resolve(RunLayout.CELL), Cell.notMeasured(id, CellStatus.OK, "", List.of()));
        return run;
    }
}
