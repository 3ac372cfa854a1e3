package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker pool that the slow requests fill is named as the reason `GET /` waits on `platform`, and only then. */
class FindingsSectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARED = "`platform` runs every route, `GET /` included, on its pool of";

    @Test
    void aFullWorkerPoolIsNamedWithTheProbeMedian(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Path cell = run.resolve("cells/platform_http_d100_c4/cell.json");
        ObjectNode json = (ObjectNode) JSON.readTree(cell.toFile());
        ((ObjectNode) json.path("pools")).put("workerThreads", 4);
        JSON.writeValue(cell.toFile(), json);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains(SHARED + " 4 worker threads, which the 4 slow requests fill: `GET /` waits for a free worker."
                + " Open-loop probe p50 "), report);
        assertTrue(report.contains(" on `virtual`, `loop-offload`, `loop-async`."), report);
    }

    @Test
    void aPoolLargerThanTheLoadIsNotMentioned(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains(SHARED), report);
    }
}
