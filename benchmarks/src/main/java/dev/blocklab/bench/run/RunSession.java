package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.bench.ServerJvm;
import dev.blocklab.bench.ServerLauncher;
import dev.blocklab.bench.ServerUnderTest;
import dev.blocklab.downstream.DownstreamsMain;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.launch.Secrets;
import dev.blocklab.results.Calibration;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunManifest;
import dev.blocklab.results.VerifiedVariant;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Carries out a {@link RunPlan}: a new results folder, the downstreams, verification, every cell through JMH, the
 * calibration when asked. A failed cell is recorded and the run goes on; Ctrl-C or kill keeps the finished cells,
 * marks the one in progress, and stops every process the run started. Rendering is not its job.
 */
public final class RunSession {
    private final RunPlan plan;
    private final Path results;
    private final PrintStream out;
    private volatile Path runDir;
    private volatile RunManifest manifest;
    private volatile boolean finished;
    private volatile CellId current;
    private volatile JsonNode downstreamsReady;
    /** Set by Ctrl-C or kill: no new cell starts, and the interrupted cell's record is not overwritten. */
    private volatile boolean stopping;
    private final Object cellRecords = new Object();
    /** The editions whose skipping was said already (once per run, not once per variant). */
    private final Set<Edition> skippedEditions = EnumSet.noneOf(Edition.class);

    /** What a run came to: its folder and cells, or that it was interrupted. */
    public record Outcome(Path runDir, List<Cell> cells, boolean interrupted) {
        public long failedCells() {
            return cells.stream().filter(c -> c.status() != CellStatus.OK).count();
        }
    }

    public RunSession(RunPlan plan, Path results, PrintStream out) {
        this.plan = plan;
        this.results = results;
        this.out = out;
    }

    public Outcome run() throws IOException {
        List<CellId> cells = plan.cells();
        runDir = RunFolder.create(results);
        out.println("blocklab: run " + runDir.getFileName() + " (" + plan.profile().id() + ", " + cells.size() + " cells) -> " + runDir);
        updateManifest(Manifest.describe(runDir.getFileName().toString(), plan.parameters(), ServerJvm.HEAP, CellRunner.HARNESS_JVM));
        Runtime.getRuntime().addShutdownHook(new Thread(this::onExit, "run-all-exit"));

        Path logs = Files.createDirectories(runDir.resolve(RunLayout.LOGS));
        List<Cell> measured = new ArrayList<>();
        try (ManagedProcess downstreams = ManagedProcess.start("downstreams", DownstreamsMain.class, List.of(), List.of(), Map.of(),
                ManagedProcess.file(logs.resolve("downstreams.log")), Duration.ofSeconds(120))) {
            JsonNode where = downstreams.ready();
            downstreamsReady = where;
            plan.scenarios().forEach(scenario -> missingDownstream(scenario, where).ifPresent(reason ->
                    out.println("blocklab: scenario " + scenario.id() + " is skipped: " + reason)));
            updateManifest(manifest.withPostgres(where.path("pgEmbedded").asBoolean() ? "embedded" : "external"));
            Map<Variant, Verification.Outcome> verified = verify(where, logs);
            // The forks read where the downstreams are, and whose CPU to account for, from their ready line (paths, no secrets).
            Map<String, String> downstreamProperties = Map.of(ServerUnderTest.DOWNSTREAMS_PROPERTY, where.toString());
            CellRunner runner = new CellRunner(plan.profile(), String.join(" ", plan.serverOptions()), plan.probeRate(), plan.slowLoad(),
                    downstreamProperties);
            Progress progress = new Progress(out, cells.stream().map(runner::estimate).toList());
            for (CellId cell : cells) {
                if (stopping) {
                    break;
                }
                measure(cell, verified.get(cell.variant()), runner, progress).ifPresent(measured::add);
            }
            // Not after Ctrl-C: a server started while this JVM shuts down would outlive it.
            if (!stopping && plan.calibrate()) {
                out.println("Calibrating: JFR's cost (" + JfrCost.FORKS + " sets of live servers, " + JfrCost.ROUNDS_PER_FORK
                        + " rounds of " + JfrCost.SLICE.toMillis() + " ms slices each), the harness floor (" + Calibrator.ROUNDS
                        + " rounds of JMH and wrk on one server each) and the load generator at " + GeneratorCapacity.HEADROOM
                        + "x the sweep's highest rate, about 7 minutes...");
                List<String> calibrationServerArgs = new ArrayList<>(ServerMain.downstreamArgs(where));
                calibrationServerArgs.addAll(plan.serverOptions());
                Calibration calibration = Calibrator.run(Variant.LOOP_ASYNC, runner, runDir, calibrationServerArgs, logs,
                        plan.slowLoad() == SlowLoad.OPEN ? plan.highestRate() : 0);
                out.println("  " + Calibrator.describe(calibration));
            }
        }
        if (stopping) {
            return new Outcome(runDir, List.copyOf(measured), true);
        }
        out.println();
        out.print(SummaryTable.render(measured));
        Outcome outcome = new Outcome(runDir, List.copyOf(measured), false);
        finish(outcome.failedCells() == 0 ? "complete" : "complete-with-failures");
        return outcome;
    }

    /** Measures one cell and writes its {@code cell.json}; empty when the run was interrupted meanwhile. */
    private Optional<Cell> measure(CellId cell, Verification.Outcome verification, CellRunner runner, Progress progress) throws IOException {
        Path cellDir = Files.createDirectories(RunLayout.cellDir(runDir, cell));
        progress.starting(cell.name());
        current = cell;
        Cell summary;
        Optional<String> missing = cell.scenario().flatMap(scenario -> missingDownstream(scenario, downstreamsReady))
                .or(() -> ServerLauncher.unavailable(cell.variant().edition()).map(why -> "the " + cell.variant().edition().id() + " edition is not available: " + why));
        if (missing.isPresent()) {
            summary = CellSummary.failed(cell, "not measured: " + missing.get());
        } else if (!verification.passed()) {
            summary = CellSummary.failed(cell, "verification failed: " + verification.failure().orElseThrow());
        } else {
            try {
                runner.run(cell, cellDir);
                List<String> problems = cell.variant().edition().recordedWithJfr() ? Recordings.process(cellDir) : List.of();
                summary = CellSummary.withAnalysisProblems(CellSummary.summarize(cell, cellDir), problems);
            } catch (RunnerException e) {
                summary = CellSummary.failed(cell, e instanceof CellRunner.Overran overran ? overran.getMessage() : CellSummary.reasonFromLog(cellDir));
                Recordings.scrubEvery(cellDir); // a failed cell's recordings are kept for diagnosis: scrubbed all the same
            } catch (Exception e) {
                summary = CellSummary.failed(cell, "could not summarize the cell: " + e);
                Recordings.scrubEvery(cellDir);
            }
        }
        synchronized (cellRecords) {
            if (stopping) {
                return Optional.empty();
            }
            current = null;
            ResultsFormat.write(cellDir.resolve(RunLayout.CELL), summary);
        }
        progress.finished(cell.name(), summary.status().label(), SummaryTable.oneLine(summary));
        return Optional.of(summary);
    }

    /** Why the downstreams cannot serve {@code scenario} (MariaDB not installed), from their ready line; empty when they can. */
    static Optional<String> missingDownstream(Scenario scenario, JsonNode downstreamsReady) {
        return scenario.needsMariaDb() && downstreamsReady.hasNonNull("mariadbUnavailable")
                ? Optional.of(downstreamsReady.get("mariadbUnavailable").asText()) : Optional.empty();
    }

    private Map<Variant, Verification.Outcome> verify(JsonNode where, Path logs) {
        out.println("Verifying every route of every variant before measuring...");
        Map<Variant, Verification.Outcome> outcomes = new LinkedHashMap<>();
        Map<String, VerifiedVariant> record = new LinkedHashMap<>();
        List<Scenario> available = plan.scenarios().stream().filter(scenario -> missingDownstream(scenario, where).isEmpty()).toList();
        List<Variant> startable = new ArrayList<>();
        for (Variant variant : plan.measuredVariants()) {
            Optional<String> unavailable = ServerLauncher.unavailable(variant.edition());
            if (unavailable.isPresent() && !skippedEditions.contains(variant.edition())) {
                skippedEditions.add(variant.edition());
                out.println("blocklab: the " + variant.edition().id() + " edition is skipped: " + unavailable.get());
            }
            if (unavailable.isEmpty()) {
                startable.add(variant);
            }
        }
        for (Verification.Outcome outcome : Verification.verify(startable, available, ServerMain.downstreamArgs(where),
                plan.serverOptions(), logs)) {
            outcomes.put(outcome.variant(), outcome);
            record.put(outcome.variant().id(), new VerifiedVariant(outcome.passed(), outcome.failure(), outcome.bodies()));
            out.println("  " + outcome.variant().id() + ": " + outcome.failure().map(r -> "FAILED - " + r).orElse("ok"));
        }
        ResultsFormat.write(runDir.resolve(RunLayout.VERIFICATION), record);
        return outcomes;
    }

    private synchronized void finish(String status) {
        if (finished) {
            return;
        }
        finished = true;
        updateManifest(manifest.withStatus(status, Optional.of(Instant.now().toString())));
    }

    /** On Ctrl-C or kill: mark the run and the cell in progress, and stop every process the run started. */
    private void onExit() {
        CellId interrupted = null;
        try {
            if (!finished && manifest != null) {
                synchronized (cellRecords) {
                    stopping = true;
                    interrupted = current;
                    if (interrupted != null) {
                        try {
                            ResultsFormat.write(RunLayout.cellDir(runDir, interrupted).resolve(RunLayout.CELL),
                                    CellSummary.failed(interrupted, "interrupted while measuring"));
                        } catch (RuntimeException e) {
                            // The cell then has no cell.json, which the report reads as unfinished.
                        }
                    }
                }
                finish("interrupted");
                System.err.println("blocklab: run interrupted; finished cells are kept in " + runDir);
            }
        } finally {
            // Whatever writing the records did (a full disk), no process of this run outlives it.
            stopDescendants();
            if (interrupted != null) {
                // The interrupted cell's files are kept like any failed cell's: scrubbed first.
                Path cellDir = RunLayout.cellDir(runDir, interrupted);
                Recordings.scrubEvery(cellDir);
                Secrets.scrubLines(cellDir.resolve(RunLayout.JMH_LOG));
            }
        }
    }

    /** SIGTERM to every process this run started (so each stops its own), then SIGKILL to what is left. */
    private static void stopDescendants() {
        List<ProcessHandle> descendants = ProcessHandle.current().descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : descendants) {
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    /** One writer at a time: the run and the exit hook both update the manifest, through the same temporary file. */
    private synchronized void updateManifest(RunManifest updated) {
        manifest = updated;
        ResultsFormat.write(runDir.resolve(RunLayout.MANIFEST), manifest);
    }
}
