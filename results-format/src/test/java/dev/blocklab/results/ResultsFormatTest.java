package dev.blocklab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.launch.Commands;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFormatTest {
    @TempDir
    Path dir;

    @Test
    void aMeasuredCellComesBackEqualHistogramIncluded() {
        Cell cell = measuredCell();
        Path file = dir.resolve(RunLayout.CELL);
        ResultsFormat.write(file, cell);
        Cell read = ResultsFormat.read(file, Cell.class);
        // Histogram has no value equality; compare it through its encoding, the rest as records.
        assertEquals(cell.probe().orElseThrow().histogram().orElseThrow(), read.probe().orElseThrow().histogram().orElseThrow());
        assertEquals(withoutHistogram(cell), withoutHistogram(read));
        assertTrue(read.slow().orElseThrow().latencyMs().p999() > 0, "p99.9 survives its dotted key");
        assertEquals(0.04125, read.generatorCores().orElseThrow(), 1e-9, "the generator's 412.5 ms of CPU over the 10 s window");
    }

    @Test
    void emptyValuesStayEmptyAndDerivedAccessorsAreNotWritten() throws IOException {
        Cell failed = Cell.notMeasured(CellId.baseline(Variant.PLATFORM), CellStatus.FAILED, "verification failed", List.of());
        Path file = dir.resolve(RunLayout.CELL);
        ResultsFormat.write(file, failed);
        assertEquals(failed, ResultsFormat.read(file, Cell.class));
        String json = Files.readString(file);
        assertTrue(json.startsWith("{\n  \"formatVersion\" : " + ResultsFormat.VERSION), json);
        assertFalse(json.contains("isBaseline") || json.contains("\"baseline\""), "derived accessors are not fields: " + json);
    }

    @Test
    void aCellWrittenBeforeAFieldWasAddedReadsItAsEmpty() throws IOException {
        Path file = dir.resolve(RunLayout.CELL);
        ResultsFormat.write(file, measuredCell());
        ObjectNode tree = ResultsFormat.tree(file);
        tree.remove("cost");
        ((ObjectNode) tree.get("openLoad")).remove("threadCpuMs");
        Files.writeString(file, tree.toPrettyString());
        Cell read = ResultsFormat.read(file, Cell.class);
        assertEquals(Optional.empty(), read.cost());
        assertEquals(OptionalDouble.empty(), read.generatorCores(), "a generator that did not measure its threads");
    }

    @Test
    void anUnknownFormatVersionIsRefusedInOneLine() throws IOException {
        Path file = dir.resolve(RunLayout.CELL);
        ResultsFormat.write(file, measuredCell());
        Files.writeString(file, Files.readString(file).replace("\"formatVersion\" : " + ResultsFormat.VERSION, "\"formatVersion\" : 99"));
        Commands.Failure failure = assertThrows(Commands.Failure.class, () -> ResultsFormat.read(file, Cell.class));
        assertTrue(failure.getMessage().contains("format version 99") && failure.getMessage().contains(file.toString()), failure.getMessage());
        assertEquals(1, failure.getMessage().lines().count());
    }

    @Test
    void aFileWithoutVersionOrWithAnUnknownFieldIsRefused() throws IOException {
        Path file = dir.resolve(RunLayout.CELL);
        Files.writeString(file, "{\"name\": \"platform_baseline\"}");
        assertTrue(assertThrows(Commands.Failure.class, () -> ResultsFormat.read(file, Cell.class)).getMessage().contains("(none)"));
        ResultsFormat.write(file, measuredCell());
        Files.writeString(file, Files.readString(file).replace("\"name\"", "\"surprise\" : 1,\n  \"name\""));
        Commands.Failure failure = assertThrows(Commands.Failure.class, () -> ResultsFormat.read(file, Cell.class));
        assertTrue(failure.getMessage().contains("surprise"), failure.getMessage());
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve(RunLayout.CELL);
        ResultsFormat.write(file, measuredCell());
        ResultsFormat.write(file, Cell.notMeasured(CellId.baseline(Variant.VIRTUAL), CellStatus.FAILED, "again", List.of()));
        assertEquals(CellStatus.FAILED, ResultsFormat.read(file, Cell.class).status());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aRunFolderWithAnUnfinishedCellReadsItFromItsName() {
        Path run = dir.resolve("run");
        CellId id = CellId.mixed(Variant.LOOP_ASYNC, Scenario.DB, 100, 16);
        ResultsFormat.write(mkdirs(run).resolve(RunLayout.MANIFEST), manifest(List.of(id.name())));
        Run read = RunReader.read(run);
        assertEquals(List.of(id), read.cells().stream().map(Cell::id).toList());
        assertEquals(CellStatus.NOT_FINISHED, read.cells().getFirst().status());
    }

    @Test
    void aCompactCopyKeepsTheTypedFilesAndNothingElse() throws IOException {
        Path run = dir.resolve("run");
        CellId id = CellId.mixed(Variant.LOOP_BLOCKING, Scenario.DB, 100, 16);
        ResultsFormat.write(mkdirs(run).resolve(RunLayout.MANIFEST), manifest(List.of(id.name())));
        Path cell = mkdirs(RunLayout.cellDir(run, id));
        ResultsFormat.write(cell.resolve(RunLayout.CELL), measuredCell());
        Files.writeString(cell.resolve(RunLayout.JMH_JSON), "[]");
        Files.writeString(mkdirs(RunLayout.forkDir(cell, 1)).resolve(RunLayout.PROBE_LOG), "raw");

        List<Path> copied = CompactRun.copy(run, dir.resolve("compact"));
        assertEquals(List.of(Path.of(RunLayout.MANIFEST), Path.of(RunLayout.CELLS, id.name(), RunLayout.CELL)), copied);
        assertFalse(Files.exists(RunLayout.cellDir(dir.resolve("compact"), id).resolve(RunLayout.JMH_JSON)));
        assertEquals(RunReader.read(run).cells().getFirst().name(), RunReader.read(dir.resolve("compact")).cells().getFirst().name());
        assertTrue(assertThrows(Commands.Failure.class, () -> CompactRun.copy(run, dir.resolve("compact"))).getMessage().contains("already exists"));
    }

    private static Path mkdirs(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RunManifest manifest(List<String> cells) {
        return new RunManifest("20990101T000000Z-test", new RunManifest.Parameters("smoke", List.of("loop-async"), List.of("db"), List.of(16),
                100, 200, false, 1, "1 x 1 s", "1 x 1 s", List.of(), cells, "open", java.util.OptionalInt.of(400), java.util.OptionalInt.empty(), List.of()), new RunManifest.Git("abc", false),
                new RunManifest.Jdk("vendor", "25", "vm"), Map.of("server", List.of("-Xmx1g")), new RunManifest.Os("Linux", "6", "amd64"),
                new RunManifest.Cpu("cpu", 2), 1L << 30, Map.of("jmh", "1.37"), "complete", "2099-01-01T00:00:00Z", Optional.empty(),
                Optional.of("embedded"), List.of(), List.of());
    }

    private static Cell withoutHistogram(Cell c) {
        Probe p = c.probe().orElseThrow();
        return new Cell(c.name(), c.variant(), c.scenario(), c.delayMs(), c.slowThreads(), c.status(), c.reason(), c.forks(), c.pools(),
                c.windows(), c.slow(), c.fast(), Optional.of(new Probe(p.rate(), p.count(), p.errors(), p.refused(), p.latencyMs(), Optional.empty())),
                c.bound(), c.efficiency(), c.harnessUtilization(), c.errorRate(), c.recordings(), c.diagnoses(), c.analysisProblems(),
                c.missingFiles(), c.cost(), c.openLoad());
    }

    static Cell measuredCell() {
        Histogram histogram = new Histogram(3);
        for (int us = 100; us < 200_000; us += 997) {
            histogram.recordValue(us);
        }
        Latency latency = new Latency(1.5, 2.5, 9.75, 20.125, Double.NaN);
        Route slow = new Route(16, 1500, 2, List.of(150.0, 151.5), 150.75, 104.2, 0.3, latency, List.of(104.0, 104.4));
        Route fast = new Route(1, 900, 0, List.of(90.0, 91.0), 90.5, 0.7, 0.01, latency, List.of(0.69, 0.71));
        Diagnosis diagnosis = new Diagnosis("fork-1", 9800, OptionalDouble.of(0.94), 9200, List.of("XNIO-1 I/O-1"),
                new Diagnosis.TopFrame("jdk.SocketRead", "app:1", "lib.call", 12, 9100), OptionalLong.of(30), OptionalLong.empty(),
                OptionalLong.of(0), OptionalDouble.of(0.4), OptionalDouble.empty(), OptionalLong.of(3), OptionalDouble.of(4.5),
                OptionalDouble.of(1e8), List.of("jdk.VirtualThreadPinned"), List.of());
        return new Cell("loop-blocking_db_d100_c16", Variant.LOOP_BLOCKING, Optional.of(Scenario.DB), 100, 16, CellStatus.OK, "", 2,
                Map.of("ioThreads", 2, "dbPool", 16), List.of(new Window("2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z", 10.0)),
                Optional.of(slow), Optional.of(fast),
                Optional.of(new Probe(200, histogram.getTotalCount(), 0, 0, latency, Optional.of(histogram))),
                Optional.of(new Bound(160, "slowThreads", Map.of("slowThreads", 16))), OptionalDouble.of(0.94), OptionalDouble.empty(),
                0.001, List.of("fork-1/server.jfr"), List.of(diagnosis), List.of(), List.of(),
                Optional.of(new Cost(List.of(new ProcessCost("server", 1234.5, 0.12, OptionalLong.of(300L << 20), OptionalLong.of(41)),
                        new ProcessCost("postgres", 99, 0.01, OptionalLong.empty(), OptionalLong.empty())), OptionalDouble.of(0.93),
                        List.of(0.41, 0.44), Optional.of("machine CPU saturated (93% busy), most of it server (0.12 cores)"))),
                Optional.of(new OpenLoad(160, 16, 18, 1600, 1590, 10, 0.25, 1.5, new java.util.TreeMap<>(Map.of("TimeoutException", 3L)),
                        java.util.OptionalDouble.of(412.5))));
    }
}
