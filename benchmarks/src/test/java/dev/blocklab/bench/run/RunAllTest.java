package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runner as a user runs it: a tiny real run, an interrupted one, and bad parameters. */
class RunAllTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void smokeRunOfOneVariantLeavesACompleteResultsFolder(@TempDir Path results, @TempDir Path reports) throws Exception {
        Path report = reports.resolve("REPORT.md");
        Process run = start("--profile", "smoke", "--variants", "loop-async", "--results", results.toString(), "--report", report.toString());
        List<ProcessHandle> started = new ArrayList<>();
        String output = drain(run, started);
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "run did not end");
        assertEquals(0, run.exitValue(), output);

        Path runDir = onlyRun(results);
        JsonNode manifest = read(runDir.resolve(RunAll.MANIFEST));
        assertEquals("complete", manifest.path("status").asText());
        assertEquals(Manifest.SCHEMA_VERSION, manifest.path("schemaVersion").asInt());
        for (String field : List.of("git", "jdk", "jvmOptions", "os", "cpu", "memoryBytes", "versions", "startedAt", "endedAt")) {
            assertTrue(manifest.has(field), "manifest lacks " + field);
        }
        assertTrue(read(runDir.resolve(RunAll.VERIFICATION)).path("loop-async").path("passed").asBoolean());

        Path cell = runDir.resolve("cells").resolve("loop-async_http_d100_c4");
        JsonNode summary = read(cell.resolve(CellSummary.CELL_JSON));
        assertEquals("ok", summary.path("status").asText(), summary.toString());
        assertEquals(40.0, summary.path("bound").path("throughput").asDouble(), 1e-9);
        double efficiency = summary.path("efficiency").asDouble();
        assertTrue(efficiency > 0.3 && efficiency < 1.1, "efficiency " + efficiency);
        assertTrue(summary.path("fast").path("latencyMs").path("p99").asDouble() > 0);
        assertTrue(summary.path("probe").path("count").asLong() > 100, summary.path("probe").toString());
        for (String file : List.of("jmh.json", "fork-1/fork.json", "fork-1/server.jfr", "fork-1/probe.hlog", "fork-1/server.log")) {
            assertTrue(Files.size(cell.resolve(file)) > 0, file + " missing or empty");
        }
        assertEquals(1, read(runDir.resolve(RunAll.SUMMARY)).size());
        assertTrue(Files.readString(report).contains("loop-async"), "the report names the variant it measured");
        assertTrue(Files.readString(runDir.resolve("REPORT.md")).contains("loop-async"), "a copy of the report stays with the run");
        assertNothingRunning(started);
    }

    @Test
    void interruptingARunKeepsFinishedCellsAndStopsEverything(@TempDir Path results, @TempDir Path reports) throws Exception {
        Process run = start("--profile", "smoke", "--variants", "loop-async,platform", "--results", results.toString(),
                "--report", reports.resolve("REPORT.md").toString());
        Thread drainer = Thread.ofPlatform().daemon().start(() -> {
            try {
                run.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The run is gone.
            }
        });
        Path firstCell = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (firstCell == null && System.nanoTime() < deadline && run.isAlive()) {
            Thread.sleep(500);
            firstCell = finishedCell(results);
        }
        assertTrue(firstCell != null, "no cell finished in time");
        Thread.sleep(3000);
        List<ProcessHandle> started = run.descendants().toList();
        assertFalse(started.isEmpty(), "the second cell should be running");
        run.destroy();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "run did not stop on SIGTERM");
        drainer.join(5000);

        assertNothingRunning(started);
        Path runDir = onlyRun(results);
        assertEquals("interrupted", read(runDir.resolve(RunAll.MANIFEST)).path("status").asText());
        assertEquals("ok", read(firstCell).path("status").asText());
        Path second = runDir.resolve("cells").resolve("platform_http_d100_c4").resolve(CellSummary.CELL_JSON);
        assertEquals("interrupted while measuring", read(second).path("reason").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--variants=loop-magic|unknown variant 'loop-magic'; valid variants: platform, virtual, loop-blocking, loop-offload, loop-async",
        "--scenarios=grpc|unknown scenario 'grpc'; valid scenarios: http, db, mixed",
        "--delay-ms=-5|--delay-ms must be between 1 and 60000, got -5",
        "--profile=huge|unknown profile 'huge'; valid profiles: smoke, quick, full",
        "--concurrency=0|--concurrency values must be between 1 and 4096, got 0"})
    void badParametersFailFastWithOneLine(String argument, String message, @TempDir Path results) throws Exception {
        Process run = start(argument, "--results", results.toString(), "--report", results.resolve("REPORT.md").toString());
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, run.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING:")).toList();
        assertEquals(1, lines.size(), output);
        assertTrue(lines.getFirst().contains(message), lines.getFirst());
        try (Stream<Path> runs = Files.list(results)) {
            assertEquals(0, runs.count(), "a refused run must not create a results folder");
        }
    }

    private static Path finishedCell(Path results) throws IOException {
        try (Stream<Path> files = Files.walk(results, 4)) {
            return files.filter(f -> f.getFileName().toString().equals(CellSummary.CELL_JSON)).findFirst().orElse(null);
        }
    }

    private static void assertNothingRunning(List<ProcessHandle> started) {
        for (ProcessHandle process : started) {
            assertFalse(process.onExit().completeOnTimeout(process, 30, TimeUnit.SECONDS).join().isAlive(),
                    "left running: " + process.info().commandLine().orElse(String.valueOf(process.pid())));
        }
    }

    private static Path onlyRun(Path results) throws IOException {
        try (Stream<Path> runs = Files.list(results)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static String drain(Process run, List<ProcessHandle> started) throws IOException {
        StringBuilder output = new StringBuilder();
        try (var reader = run.inputReader(StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.append(line).append('\n');
                run.descendants().filter(p -> !started.contains(p)).forEach(started::add);
            }
        }
        return output.toString();
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunAll.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }
}
