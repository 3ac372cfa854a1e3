package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.vocabulary.CellId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        ResultsFormat.write(Fixtures.cell(run, "virtual_http_d100_c4").resolve("cell.json"), Cell.notMeasured(
                CellId.parse("virtual_http_d100_c4"), CellStatus.FAILED, "verification failed: GET / answered 500", List.of()));
        withoutAnalysis(Fixtures.cell(run, "loop-async_http_d100_c4"));
        // A cell summarised from a trimmed folder: no probe log, so no histogram, and the file named as missing.
        Json.edit(Fixtures.cell(run, "platform_http_d100_c4").resolve("cell.json"), c -> {
            ((ObjectNode) c.path("probe")).putNull("histogram");
            ((ArrayNode) c.path("missingFiles")).add("fork-1/probe.hlog");
        });

        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String report = Files.readString(dir.resolve("REPORT.md"));

        assertTrue(report.contains("| `loop-offload` | 4 | 100 | — | — | — | — | — | — | — | — | — | — | — | — | not finished: no cell.json: the run ended before this cell |"), report);
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
            withoutAnalysis(Fixtures.cell(run, cell));
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
        Files.createDirectories(run.resolve("cells/platform_baseline"));
        ObjectNode baseline = (ObjectNode) Json.MAPPER.readTree(Fixtures.cell(run, "platform_http_d100_c4").resolve("cell.json").toFile());
        baseline.put("name", "platform_baseline").put("delayMs", 0).put("slowThreads", 0);
        for (String field : List.of("scenario", "slow", "bound", "efficiency", "harnessUtilization")) {
            baseline.putNull(field);
        }
        Json.write(run.resolve("cells/platform_baseline/cell.json"), baseline);

        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("`GET /` alone, no slow load"), report);
        assertTrue(report.contains("| `platform` | 432 | 0.585 ms | 7.93 ms | 22.4 ms (1 beyond) |"), report);
        assertTrue(report.contains("With no slow load (baseline cells), `GET /` answered with a JMH p50 of 0.585 ms"), report);
    }

    @Test
    void aRunMergedFromDifferentMachinesSaysSoOnItsFirstScreen() throws IOException {
        Path run = Fixtures.copy(dir);
        Json.edit(run.resolve("manifest.json"), m -> {
            ArrayNode parts = ((ObjectNode) m).putArray("mergedFrom");
            parts.addObject().put("runId", "a").put("path", "shards/a").put("status", "complete").put("machine", "Xeon, 2 cores");
            parts.addObject().put("runId", "b").put("path", "shards/b").put("status", "complete").put("machine", "EPYC, 4 cores");
            ((ObjectNode) m).putArray("environmentMismatches").add("cpu/model differs: a=\"Xeon\", b=\"EPYC\"");
        });
        ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md"));
        String firstScreen = Files.readString(dir.resolve("REPORT.md")).split("## Verdict")[0];
        assertTrue(firstScreen.contains("**Not one environment:** this run was merged from 2 parts (`a` on Xeon, 2 cores; `b` on EPYC, 4 cores)"
                + " that differ: cpu/model differs"), firstScreen);
    }

    /** A cell whose recording was not analysed: no diagnosis, and the analysis named as missing. */
    private static void withoutAnalysis(Path cell) {
        Json.edit(cell.resolve("cell.json"), c -> {
            ((ArrayNode) c.path("diagnoses")).removeAll();
            ((ArrayNode) c.path("missingFiles")).add("fork-1/analysis.json");
        });
    }
}
