package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that stopped, failed or was trimmed still renders, and says what is missing. */
class PartialInputTest {
    @TempDir
    Path dir;

    @Test
    void unfinishedFailedAndTrimmedCellsSayWhatIsMissing() throws IOException {
        Path run = Fixtures.copy(dir);
        Files.delete(Fixtures.cell(run, "loop-offload_http_d100_c4").resolve("cell.json"));
        ObjectNode failed = Json.MAPPER.createObjectNode().put("schemaVersion", 1).put("cell", "virtual_http_d100_c4").put("variant", "virtual")
                .put("kind", "mixed").put("scenario", "http").put("delayMs", 100).put("slowThreads", 4).put("status", "failed")
                .put("reason", "verification failed: GET / answered 500");
        Json.write(Fixtures.cell(run, "virtual_http_d100_c4").resolve("cell.json"), failed);
        Files.delete(Fixtures.cell(run, "loop-async_http_d100_c4").resolve("fork-1/analysis.json"));
        Files.delete(Fixtures.cell(run, "platform_http_d100_c4").resolve("fork-1/probe.hlog"));

        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String report = Files.readString(dir.resolve("REPORT.md"));

        assertTrue(report.contains("| `loop-offload` | 4 | — | — | — | — | — | — | — | — | — | — | — | not finished: no cell.json: the run ended before this cell |"), report);
        assertTrue(report.contains("failed: verification failed: GET / answered 500"), report);
        assertTrue(report.contains("| `loop-async` | 4 | — | not available in this run (no analysis.json) |"), report);
        assertTrue(report.contains("ok (missing fork-1/probe.hlog)"), report);
        assertTrue(report.contains("2 of 5 cells are not clean measurements"), report);
        assertFalse(report.contains("NaN"), report);
    }

    @Test
    void aRunWithoutAnyAnalysisSaysTheDiagnosisIsNotAvailable() throws IOException {
        Path run = Fixtures.copy(dir);
        for (String cell : Fixtures.source().resolve("cells").toFile().list()) {
            Files.delete(Fixtures.cell(run, cell).resolve("fork-1/analysis.json"));
        }
        ReportRenderer.Rendered rendered = ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("the diagnosis is not available in this run"), report);
        assertTrue(report.contains("No event-loop chart for `http`"), report);
        assertTrue(rendered.charts().size() == 2, rendered.charts().toString());
    }

    @Test
    void baselineCellsGetTheirOwnTable() throws IOException {
        Path run = Fixtures.copy(dir);
        Path cell = Files.createDirectories(run.resolve("cells/platform_baseline/fork-1"));
        Files.copy(Fixtures.cell(run, "platform_http_d100_c4").resolve("fork-1/probe.hlog"), cell.resolve("probe.hlog"));
        ObjectNode baseline = (ObjectNode) Json.MAPPER.readTree(Fixtures.cell(run, "platform_http_d100_c4").resolve("cell.json").toFile());
        baseline.put("cell", "platform_baseline").put("kind", "baseline");
        baseline.remove(java.util.List.of("scenario", "delayMs", "slowThreads", "slow", "bound", "efficiency"));
        Json.write(run.resolve("cells/platform_baseline/cell.json"), baseline);

        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("`GET /` alone, no slow load"), report);
        assertTrue(report.contains("| `platform` | 432 | 0.585 ms | 7.93 ms | 22.4 ms |"), report);
        assertTrue(report.contains("With no slow load (baseline cells), `GET /` answered with a JMH p50 of 0.585 ms"), report);
    }
}
