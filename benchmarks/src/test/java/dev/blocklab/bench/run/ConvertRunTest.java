package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.launch.Commands;
import dev.blocklab.results.Cell;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.Run;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run of the first format (a real smoke run, without recordings) converts into the typed format with the same figures. */
class ConvertRunTest {
    private static final String RUN = "20261125T085614Z-8ccaedf";

    @TempDir
    Path dir;

    @Test
    void theConvertedRunSaysWhatTheOriginalSaid() throws Exception {
        Path original = source();
        Path converted = dir.resolve(RUN);
        assertEquals(5, ConvertRun.convert(original, converted));
        Run run = RunReader.read(converted);
        assertEquals(RUN, run.manifest().runId());
        assertEquals(5, run.cells().size());
        JsonNode old = new ObjectMapper().readTree(original.resolve("cells/loop-blocking_http_d100_c4/cell.json").toFile());
        Cell cell = run.cell("loop-blocking_http_d100_c4").orElseThrow();
        assertEquals(old.at("/slow/throughput").asDouble(), cell.slow().orElseThrow().throughput(), 1e-9);
        assertEquals(old.at("/fast/latencyMs/p99").asDouble(), cell.fast().orElseThrow().latencyMs().p99(), 1e-9);
        assertEquals(old.at("/probe/latencyMs/p99").asDouble(), cell.probe().orElseThrow().latencyMs().p99(), 1e-9);
        assertEquals(old.at("/efficiency").asDouble(), cell.efficiency().orElseThrow(), 1e-12);
        JsonNode analysis = new ObjectMapper().readTree(original.resolve("cells/loop-blocking_http_d100_c4/fork-1/analysis.json").toFile());
        assertEquals(analysis.at("/eventLoop/blockedFraction").asDouble(), cell.diagnosis().orElseThrow().loopBlockedFraction().orElseThrow(), 1e-12);
        assertTrue(cell.diagnosis().orElseThrow().loopBlockedFraction().orElseThrow() > 0.5, "loop-blocking's loops were blocked");
        assertEquals(old.at("/probe/count").asLong(), cell.probe().orElseThrow().histogram().orElseThrow().getTotalCount());
        assertEquals(List.of("fork-1/server.jfr"), cell.recordings(), "the recordings it analysed stay named though the files are not kept");
        assertFalse(Files.exists(converted.resolve("summary.json")));
        assertTrue(Files.isRegularFile(original.resolve("summary.json")), "the original is untouched");
    }

    @Test
    void aConvertedRunOrOneThatExistsIsRefused() throws Exception {
        Path converted = dir.resolve(RUN);
        ConvertRun.convert(source(), converted);
        assertTrue(assertThrows(Commands.Failure.class, () -> ConvertRun.convert(converted, dir.resolve("again"))).getMessage()
                .contains("is not a version 1 run"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> ConvertRun.convert(source(), converted));
        assertTrue(ResultsFormat.read(converted.resolve(RunLayout.MANIFEST), dev.blocklab.results.RunManifest.class).endedAt().isPresent());
    }

    private static Path source() throws Exception {
        return Path.of(ConvertRunTest.class.getResource("v1/" + RUN).toURI());
    }
}
