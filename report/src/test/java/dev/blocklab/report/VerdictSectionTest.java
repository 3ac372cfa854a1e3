package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first section after the title is the verdict: a sentence and a row per variant, from the run's own figures. */
class VerdictSectionTest {
    @Test
    void theVerdictComesFirstAndNamesStallsBlockedLoopsAndBreakingPoints(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        String firstSection = report.lines().filter(l -> l.startsWith("## ")).findFirst().orElseThrow();
        assertEquals("## Verdict", firstSection);
        // The fixture: http at 4 slow requests; loop-blocking's probe p99 7049 ms, loop-async's 2072 ms (a stall the
        // closed loop hid), the others 17.9-36.3 ms; loop-blocking's loops blocked 91%, the others at most 2.4%.
        assertTrue(report.contains("**`GET /` while slow requests were in flight (open-loop p99): on `http` at 4 in flight, `loop-blocking`"
                + " (7049 ms) and `loop-async` (2072 ms) stalled while the others stayed under 100 ms.**"), report);
        String blocking = report.lines().filter(l -> l.startsWith("| `loop-blocking` | `async def`")).findFirst().orElseThrow();
        assertTrue(blocking.contains("| **yes**, 91% | 7049 ms **stalled** |"), blocking);
        assertTrue(blocking.endsWith("| `http`: 4 in flight (`GET /` stalled, 89.5% of bound, ioThreads 2 full) |"), blocking);
        String virtual = report.lines().filter(l -> l.startsWith("| `virtual` |")).findFirst().orElseThrow();
        assertTrue(virtual.contains("| no (at most 0.01%) | 20.7 ms |") && virtual.endsWith("| `http`: none up to 4 in flight |"), virtual);
        String platform = report.lines().filter(l -> l.startsWith("| `platform` | plain `def`")).findFirst().orElseThrow();
        assertTrue(platform.endsWith("| `http`: 4 in flight (88.0% of bound) |") && platform.contains("| not measured |"), platform);
    }

    /** A level only some variants reach (8,192 for the two that scale) joins the sweep, not the headline. */
    @Test
    void aLevelOnlySomeVariantsReachIsNotTheHeadline(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode cell = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                run.resolve("cells/virtual_http_d100_c4/cell.json").toFile());
        cell.put("name", "virtual_http_d100_c8").put("slowThreads", 8);
        json.writeValue(Files.createDirectories(run.resolve("cells/virtual_http_d100_c8")).resolve("cell.json").toFile(), cell);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("on `http` at 4 in flight, `loop-blocking` (7049 ms) and `loop-async` (2072 ms) stalled"), report);
        String virtual = report.lines().filter(l -> l.startsWith("| `virtual` |")).findFirst().orElseThrow();
        assertTrue(virtual.endsWith("| `http`: none up to 8 in flight |"), virtual);
        String platform = report.lines().filter(l -> l.startsWith("| `platform` | plain `def`")).findFirst().orElseThrow();
        assertTrue(platform.contains("ms |") && !platform.contains("not run"), platform);
    }

    /** A stall beside GC pauses that add up to the stall line says so: a pause stops every thread, whatever the model. */
    @Test
    void aStallBesideLongGcPausesNamesThem(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Path file = run.resolve("cells/loop-async_http_d100_c4/cell.json");
        com.fasterxml.jackson.databind.node.ObjectNode cell = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) cell.get("diagnoses").get(0)).put("gcPauses", 2).put("gcPauseTotalMs", 150.0);
        json.writeValue(file.toFile(), cell);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        String async = report.lines().filter(l -> l.startsWith("| `loop-async` |")).findFirst().orElseThrow();
        assertTrue(async.contains("`GET /` stalled while GC paused the server 150 ms in 2 pause(s)"), async);
        String blocking = report.lines().filter(l -> l.startsWith("| `loop-blocking` | `async def`")).findFirst().orElseThrow();
        assertTrue(!blocking.contains("GC paused"), "no pauses, nothing said: " + blocking);
    }
}
