package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input the report cannot read ends in one clear line and exit code 1, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void malformedManifestIsOneLineNamingTheFile() throws IOException {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve("manifest.json"), "{\"formatVersion\": 2, \"runId\": ");
        Commands.Failure failure = assertThrows(Commands.Failure.class, () -> ReportRenderer.render(run, Optional.empty(), dir.resolve("R.md")));
        assertTrue(failure.getMessage().contains("manifest.json is not valid JSON (line"), failure.getMessage());
        assertEquals(1, failure.getMessage().lines().count());
    }

    @Test
    void unknownSchemaVersionIsRefused() throws IOException {
        Path run = Fixtures.copy(dir);
        Json.edit(run.resolve("manifest.json"), m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m).put("formatVersion", 7));
        Commands.Failure failure = assertThrows(Commands.Failure.class, () -> ReportRenderer.render(run, Optional.empty(), dir.resolve("R.md")));
        assertTrue(failure.getMessage().contains("manifest.json has format version 7; this blocklab reads version 2"), failure.getMessage());
    }

    @Test
    void aTruncatedCellIsNamedTheRestRendersAndTheCommandExitsOne() throws IOException {
        Path run = Fixtures.copy(dir);
        Path cell = Fixtures.cell(run, "virtual_http_d100_c4").resolve("cell.json");
        String whole = Files.readString(cell);
        Files.writeString(cell, whole.substring(0, whole.length() / 2));
        Files.writeString(dir.resolve("R.md"), "a good report from before");

        Cli.Result result = Cli.run("--run", run.toString(), "--out", dir.resolve("R.md").toString());

        assertEquals(Commands.FAILED, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("1 unreadable file(s): cells/virtual_http_d100_c4/cell.json"), result.err());
        String report = Files.readString(dir.resolve("R.md"));
        assertTrue(report.contains("| `virtual` | 4 | 100 | — |"), report);
        assertTrue(report.contains("unreadable: cell.json is not valid JSON"), report);
        assertTrue(report.contains("| `platform` | 4 | 100 | 35.2 |"), "the other cells still render: " + report);
        assertFalse(Files.exists(dir.resolve("R.md.tmp")));
    }

    @Test
    void theGateSeesAMissingCell() throws IOException {
        Path run = Fixtures.copy(dir);
        assertEquals(Commands.OK, Cli.run("--run", run.toString(), "--fail-on-gaps").exitCode(), "a complete run has no gap");
        Files.delete(Fixtures.cell(run, "loop-offload_http_d100_c4").resolve("cell.json"));
        Cli.Result result = Cli.run("--run", run.toString(), "--fail-on-gaps");
        assertEquals(Commands.FAILED, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("1 cell(s) without a server measurement: loop-offload_http_d100_c4 (not finished: no cell.json"),
                result.err());
        assertEquals(Commands.OK, Cli.run("--run", run.toString()).exitCode(), "without the gate, a stopped run still reports");
    }

    @Test
    void byDefaultTheReportGoesIntoTheRunFolderNotTheTrackedOne() throws IOException {
        Path run = Fixtures.copy(dir);
        Cli.Result result = Cli.run("--run", run.toString());
        assertEquals(Commands.OK, result.exitCode(), result.err());
        assertTrue(Files.isRegularFile(run.resolve("REPORT.md")));
        try (var charts = Files.list(run.resolve("report-charts"))) {
            assertTrue(charts.anyMatch(f -> f.toString().endsWith(".svg")), "the charts are beside the run's report");
        }
        assertFalse(Files.exists(Path.of("REPORT.md")), "nothing written to the working directory");
        String html = Files.readString(run.resolve("REPORT.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<table>") && html.contains("src=\"data:image/svg+xml;base64,"), html);
        assertEquals(Commands.USAGE, Cli.run("--run", run.toString(), "--publish", "--out", "x.md").exitCode());
    }

    @Test
    void theCommandPrintsOneLineAndExitsOne() throws IOException {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve("manifest.json"), "[");
        Cli.Result result = Cli.run("--run", run.toString(), "--out", dir.resolve("R.md").toString());
        assertEquals(Commands.FAILED, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("report: "), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void aFolderWithoutManifestAndNoRunsAreClearFailures() {
        Cli.Result notARun = Cli.run("--run", dir.toString(), "--out", dir.resolve("R.md").toString());
        assertEquals(Commands.FAILED, notARun.exitCode());
        assertTrue(notARun.err().contains("is not a run folder: it has no manifest.json"), notARun.err());
        Cli.Result none = Cli.run("--results", dir.resolve("nothing").toString(), "--out", dir.resolve("R.md").toString());
        assertEquals(Commands.FAILED, none.exitCode());
        assertTrue(none.err().contains("no run to report"), none.err());
    }

    @Test
    void wrongArgumentsExitTwo() {
        assertEquals(Commands.USAGE, Cli.run("--fail-on-regression", "10").exitCode(), "needs --baseline");
        assertEquals(Commands.USAGE, Cli.run("--bogus").exitCode());
    }

    @Test
    void theNewestRunIsTheDefault() throws IOException {
        Fixtures.copy(dir, "20261124T000000Z-0000000");
        Fixtures.copy(dir);
        Files.createDirectories(dir.resolve("results/20991231T000000Z-notarun"));
        assertEquals(dir.resolve("results").resolve(Fixtures.RUN_ID), ReportCommand.newestRun(dir.resolve("results")));
    }
}
