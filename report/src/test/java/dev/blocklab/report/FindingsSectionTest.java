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

    /**
     * The server's own JFR counts: a cell far under its bound whose server finished nearly all of it is a queue past its
     * budget, said in the breaking point; its waits for a connection are a bullet of their own. Absent counts say nothing.
     */
    @Test
    void theServersOwnCountsOfFinishedCallsAndConnectionWaitsAreSaid(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String before = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("BEFORE.md")).report());
        assertFalse(before.contains("yet the server finished") || before.contains("Waits for a database connection"), before);
        Path cell = run.resolve("cells/platform_http_d100_c4/cell.json");
        ObjectNode json = (ObjectNode) JSON.readTree(cell.toFile());
        json.put("efficiency", 0.1);
        ObjectNode fork = (ObjectNode) json.path("diagnoses").path(0);
        fork.put("slowCallsPerSecond", 39.2); // the bound is 40 req/s
        fork.putObject("connectionWait").put("count", 120).put("meanMs", 2000.0).put("maxMs", 5000.0);
        JSON.writeValue(cell.toFile(), json);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("yet the server finished 98% of the bound: answers queued past their budget"), report);
        assertTrue(report.contains("Waits for a database connection, by the server's own count: `platform` mean 2000 ms, longest 5000 ms"
                + " (120 waits; pool of 16). A pool gives up"), report);
    }

    @Test
    void aPoolLargerThanTheLoadIsNotMentioned(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains(SHARED), report);
    }

    @Test
    void aShortfallAtAConcurrencyBelowTheHeadlineIsNamedWithItsCause(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        ObjectNode json = (ObjectNode) JSON.readTree(run.resolve("cells/platform_http_d100_c4/cell.json").toFile());
        json.put("name", "platform_http_d100_c1").put("slowThreads", 1).put("efficiency", 0.8);
        ((ObjectNode) json.path("bound")).put("throughput", 10.0);
        ((ObjectNode) json.path("bound").path("limits")).put("slowThreads", 1);
        ((ObjectNode) json.path("slow")).put("threads", 1).put("throughput", 8.0).put("meanMs", 125.0).putArray("throughputPerFork").add(8.0);
        json.put("harnessUtilization", 1.0); // 8 req/s x 0.125 s / 1 thread: the load thread was always busy
        Path cell = Files.createDirectories(run.resolve("cells/platform_http_d100_c1")).resolve("cell.json");
        JSON.writeValue(cell.toFile(), json);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("At the other concurrencies of the sweep, every other cell reached 90% of its Little's-law bound. Below 90%"
                + " of the bound with the load threads busy (harness utilization ≥ 0.9), so the shortfall is the server's latency:"
                + " `platform` `http` at 1 in flight (80.0% of the bound; slow mean 125 ms against 100 ms at the bound)."), report);
    }

    @Test
    void theHeadlineConcurrencyAloneNeedsNoOtherShortfallBullet(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains("At the other concurrencies"), report);
    }

    @Test
    void aProbeToJmhRatioNoHigherThanWithNoLoadIsNotCoordinatedOmission(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        // The fixture's `virtual` cell has probe p99 3.26x JMH's; with no load the two differ by 3x already.
        Path baseline = Files.createDirectories(run.resolve("cells/virtual_baseline")).resolve("cell.json");
        ObjectNode cell = (ObjectNode) JSON.readTree(run.resolve("cells/virtual_http_d100_c4/cell.json").toFile());
        cell.put("name", "virtual_baseline").put("delayMs", 0).put("slowThreads", 0);
        for (String field : java.util.List.of("scenario", "slow", "bound", "efficiency", "harnessUtilization")) {
            cell.putNull(field);
        }
        ((ObjectNode) cell.path("fast").path("latencyMs")).put("p50", 0.5).put("p90", 1.0).put("p99", 2.0).put("p99.9", 4.0).put("max", 9.0);
        ((ObjectNode) cell.path("probe").path("latencyMs")).put("p50", 1.5).put("p90", 3.0).put("p99", 6.0).put("p99.9", 9.0).put("max", 12.0);
        JSON.writeValue(baseline.toFile(), cell);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("- Coordinated omission: "), report);
        assertFalse(report.contains("`virtual` probe p99"), report);
        assertTrue(report.contains("`loop-async` probe p99 2072 ms is 121× JMH's 17.2 ms;")
                || report.contains("`loop-async` probe p99 2072 ms is 121× JMH's 17.2 ms."), report);
    }
}
