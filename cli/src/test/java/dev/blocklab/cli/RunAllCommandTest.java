package dev.blocklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.Cost;
import dev.blocklab.results.OpenLoad;
import dev.blocklab.results.ProcessCost;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.Run;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunManifest;
import dev.blocklab.results.RunReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runner as a user runs it: a tiny real run, an interrupted one, and bad parameters. */
class RunAllCommandTest {
    /** Planted where a user's secrets would be: the JVM options of the environment, a secret-named property, a variable. */
    private static final String SENTINEL = "SENTINEL-1c0ffee";
    private static final Map<String, String> SECRETS = Map.of(
            "JAVA_TOOL_OPTIONS", "-Dblocklab.sentinel=" + SENTINEL + " -Dapi.password=" + SENTINEL,
            "BLOCKLAB_SENTINEL_TOKEN", SENTINEL);

    @Test
    void smokeRunOfOneVariantLeavesACompleteResultsFolder(@TempDir Path results, @TempDir Path reports) throws Exception {
        Path report = reports.resolve("REPORT.md");
        Process run = start(SECRETS, "--profile", "smoke", "--variants", "loop-async", "--results", results.toString(), "--report", report.toString());
        List<ProcessHandle> started = new ArrayList<>();
        String output = drain(run, started);
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "run did not end");
        assertEquals(0, run.exitValue(), output);

        Path runDir = onlyRun(results);
        Run read = RunReader.read(runDir);
        RunManifest manifest = read.manifest();
        assertEquals("complete", manifest.status());
        assertTrue(manifest.endedAt().isPresent() && manifest.git().commit().length() > 6 && !manifest.versions().isEmpty(), manifest.toString());
        assertTrue(RunReader.verification(runDir).get("loop-async").passed());

        Cell summary = read.cell("loop-async_http_d100_c4").orElseThrow();
        assertEquals(CellStatus.OK, summary.status(), summary.toString());
        assertEquals(40.0, summary.bound().orElseThrow().throughput(), 1e-9);
        double efficiency = summary.efficiency().orElseThrow();
        assertTrue(efficiency > 0.3 && efficiency < 1.1, "efficiency " + efficiency);
        assertTrue(summary.fast().orElseThrow().latencyMs().p99() > 0);
        assertTrue(summary.probe().orElseThrow().count() > 100, summary.probe().toString());
        assertTrue(summary.probe().orElseThrow().histogram().isPresent(), "cell.json carries the probe's histogram");
        // The open-model generator offered 4 / 100 ms = 40 requests/s and says how it did.
        OpenLoad load = summary.openLoad().orElseThrow();
        assertEquals(40.0, load.targetRate(), 1e-9);
        assertTrue(load.due() > 40 && load.sent() + load.refused() == load.due() && load.sent() > load.due() / 2, load.toString());
        assertTrue(summary.slow().orElseThrow().latencyMs().p50() >= 100, "slow latency from each due time: at least D");
        assertTrue(summary.diagnosis().orElseThrow().loopBlockedFraction().isPresent(), "cell.json carries the fork's diagnosis");
        Cost cost = summary.cost().orElseThrow();
        ProcessCost server = cost.role("server").orElseThrow();
        assertTrue(server.cpuMs() > 0 && server.rssPeakBytes().orElseThrow() > 10 << 20 && server.threadsPeak().orElseThrow() > 5, cost.toString());
        assertTrue(cost.role("postgres").isPresent() && cost.role("client").orElseThrow().cpuMs() > 0, cost.toString());
        assertTrue(cost.serverCpuMsPerRequest().getFirst() > 0 && cost.serverCpuMsPerRequest().getFirst() < 100, cost.toString());
        Path cell = RunLayout.cellDir(runDir, summary.id());
        for (String file : List.of(RunLayout.JMH_JSON, "fork-1/" + RunLayout.FORK, "fork-1/" + RunLayout.RECORDING, "fork-1/" + RunLayout.PROBE_LOG, "fork-1/" + RunLayout.SLOW_LOG,
                "fork-1/" + RunLayout.SERVER_LOG, "fork-1/" + RunLayout.ANALYSIS)) {
            assertTrue(Files.size(cell.resolve(file)) > 0, file + " missing or empty");
        }
        assertTrue(Files.readString(report).contains("loop-async"), "the report names the variant it measured");
        assertTrue(Files.readString(runDir.resolve("REPORT.md")).contains("loop-async"), "a copy of the report stays with the run");
        assertNothingRunning(started);
        assertEquals(List.of(), filesContaining(SENTINEL, results, reports), "the planted secret reached these files");
        assertTrue(output.contains(SENTINEL), "the test planted the secret where the run could see it");
    }

    /** Every file, recordings and logs included, whose bytes contain {@code text}. */
    private static List<Path> filesContaining(String text, Path... roots) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    byte[] bytes = Files.readAllBytes(file);
                    for (int i = 0; i + needle.length <= bytes.length; i++) {
                        if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                            found.add(root.relativize(file));
                            break;
                        }
                    }
                }
            }
        }
        return found;
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
        assertEquals("interrupted", ResultsFormat.read(runDir.resolve(RunLayout.MANIFEST), RunManifest.class).status());
        assertEquals(CellStatus.OK, ResultsFormat.read(firstCell, Cell.class).status());
        Path second = runDir.resolve(RunLayout.CELLS).resolve("platform_http_d100_c4").resolve(RunLayout.CELL);
        assertEquals("interrupted while measuring", ResultsFormat.read(second, Cell.class).reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--variants=loop-magic|unknown variant 'loop-magic'; valid variants: platform, virtual, loop-blocking, loop-offload, loop-async",
        "--scenarios=grpc|unknown scenario 'grpc'; valid scenarios: http, db, mariadb, s3, file, mixed, sleep, cpu",
        "--delay-ms=-5|--delay-ms must be between 1 and 60000, got -5",
        "--profile=huge|unknown profile 'huge'; valid profiles: smoke, quick, full",
        "--in-flight=0|--in-flight values must be 1 or more, got 0",
        "--in-flight=16,100000|--in-flight 100000 in flight cannot run here: the server would hold about 225000 sockets + 512 = 225512 open files",
        "--max-rate=0|--max-rate must be between 1 and 100000, got 0",
        "--slow-load=half|unknown slow load 'half'; valid: open, closed"})
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

    @Test
    void aCellOverItsBudgetIsStoppedByTheWatchdogAndTheRunGoesOn(@TempDir Path results) throws Exception {
        // A budget no cell can meet stands in for a fork that hangs.
        Process run = start(List.of("-Dblocklab.cell.budget.seconds=3"), Map.of(), "--profile", "smoke", "--variants", "loop-async,platform",
                "--results", results.toString());
        List<ProcessHandle> started = new ArrayList<>();
        String output = drain(run, started);
        assertTrue(run.waitFor(3, TimeUnit.MINUTES), "run did not end");
        assertEquals(1, run.exitValue(), output);
        Run read = RunReader.read(onlyRun(results));
        for (String name : List.of("loop-async_http_d100_c4", "platform_http_d100_c4")) {
            Cell cell = read.cell(name).orElseThrow();
            assertEquals(CellStatus.FAILED, cell.status(), cell.toString());
            assertEquals("the cell ran over its 3 s budget and was stopped (watchdog)", cell.reason());
            assertFalse(Files.exists(RunLayout.cellDir(read.dir(), cell.id()).resolve("fork-1").resolve(RunLayout.FORK)),
                    "the fork was stopped before it could finish");
        }
        assertTrue(Files.isRegularFile(onlyRun(results).resolve("REPORT.md")), "the report renders with the gaps named");
        assertNothingRunning(started);
    }

    /** What a fault test does to which process, mid-cell, and in which scenario. */
    enum Fault {
        /** The server under test crashes (SIGKILL): the one a JMH fork started, not a verification server. */
        SERVER_CRASHES("http"),
        /** The server under test freezes (SIGSTOP): it holds its connections and never answers. */
        SERVER_FREEZES("http"),
        /** The slow HTTP service and PostgreSQL die with the JVM that holds them (SIGKILL; the guard stops PostgreSQL). */
        DOWNSTREAMS_DIE("http"),
        /** PostgreSQL alone dies (SIGKILL of its postmaster) while the db route is measured. */
        POSTGRES_DIES("db");

        final String scenario;

        Fault(String scenario) {
            this.scenario = scenario;
        }

        /** The process to hit, among the run's, once a fork's server is up; null when not there (yet). */
        ProcessHandle target(Process run) {
            return switch (this) {
                case SERVER_CRASHES, SERVER_FREEZES -> run.descendants().filter(RunAllCommandTest::isMeasuredServer).findFirst().orElse(null);
                case DOWNSTREAMS_DIE -> run.descendants().filter(p -> command(p).contains("dev.blocklab.downstream.DownstreamsMain"))
                        .findFirst().orElse(null);
                case POSTGRES_DIES -> run.descendants().filter(p -> command(p).contains("blocklab-pg-guard")).findFirst()
                        // The guard's arguments: "... blocklab-pg-guard <postmaster pid> <data directory>".
                        .flatMap(guard -> ProcessHandle.of(Long.parseLong(command(guard).replaceFirst("(?s).*blocklab-pg-guard (\\d+) .*", "$1"))))
                        .orElse(null);
            };
        }

        void hit(ProcessHandle target) throws IOException, InterruptedException {
            if (this == SERVER_FREEZES) {
                new ProcessBuilder("kill", "-STOP", String.valueOf(target.pid())).inheritIO().start().waitFor();
            } else {
                target.destroyForcibly();
            }
        }
    }

    private static boolean isMeasuredServer(ProcessHandle p) {
        return command(p).contains("dev.blocklab.server.ServerMain") && p.parent().map(RunAllCommandTest::command).orElse("").contains("ForkedMain");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Fault.class)
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aFaultMidCellFailsThatCellWithItsReasonAndTheRunEndsCleanly(Fault fault, @TempDir Path results) throws Exception {
        Process run = start("--profile", "smoke", "--variants", "loop-async,platform", "--scenarios", fault.scenario,
                "--results", results.toString());
        try {
            faultMidCell(fault, run, results);
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly); // a failed assertion leaves nothing running either
            run.destroyForcibly();
        }
    }

    private static void faultMidCell(Fault fault, Process run, Path results) throws Exception {
        // Added to by the output's reader thread and by this one.
        List<ProcessHandle> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread drainer = Thread.ofPlatform().daemon().start(() -> {
            try {
                drain(run, started);
            } catch (IOException e) {
                // The run is gone.
            }
        });
        // Mid-cell: a JMH fork's server has been up for a few seconds (warm-up or measurement).
        ProcessHandle target = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (target == null && System.nanoTime() < deadline && run.isAlive()) {
            Thread.sleep(200);
            if (run.descendants().anyMatch(RunAllCommandTest::isMeasuredServer)) {
                Thread.sleep(2000); // into the smoke cell's 2 s warm-up and 4 s measurement
                target = fault.target(run);
            }
        }
        assertTrue(target != null, "nothing to hit for " + fault);
        started.addAll(run.descendants().toList());
        started.add(target);
        fault.hit(target);

        assertTrue(run.waitFor(4, TimeUnit.MINUTES), "run did not end after " + fault);
        drainer.join(5000);
        assertFalse(drainer.isAlive(), "the run's output did not end");
        assertEquals(1, run.exitValue(), "a run with a faulted cell exits 1");
        Path runDir = onlyRun(results);
        Cell hit = RunReader.read(runDir).cell("loop-async_" + fault.scenario + "_d100_c4").orElseThrow();
        assertTrue(hit.status() == CellStatus.FAILED || hit.status() == CellStatus.ERRORS, hit.toString());
        assertFalse(hit.reason() == null || hit.reason().isBlank(), "the faulted cell says why: " + hit);
        assertTrue(Files.readString(runDir.resolve("REPORT.md")).contains(hit.reason()), "the report gives the cell's reason");
        assertNothingRunning(started);
    }

    private static String command(ProcessHandle process) {
        return dev.blocklab.launch.Processes.commandLine(process);
    }

    @Test
    void aDatabaseUrlCarryingAPasswordIsRefusedBeforeAnythingRuns(@TempDir Path results) throws Exception {
        Process run = start(Map.of("BLOCKLAB_PG_URL", "jdbc:postgresql://bob:" + SENTINEL + "@127.0.0.1:5432/db"),
                "--results", results.toString());
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, run.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING:")).toList();
        assertEquals(List.of("run-all: $BLOCKLAB_PG_URL: the PostgreSQL URL carries a password; give it in $BLOCKLAB_PG_PASSWORD instead,"
                + " which is never recorded (see --help)"), lines);
        try (Stream<Path> runs = Files.list(results)) {
            assertEquals(0, runs.count());
        }
    }

    private static Path finishedCell(Path results) throws IOException {
        try (Stream<Path> files = Files.walk(results, 4)) {
            return files.filter(f -> f.getFileName().toString().equals(RunLayout.CELL)).findFirst().orElse(null);
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
        return start(Map.of(), args);
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    private static Process start(List<String> jvmArgs, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RunAllCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }
}
