package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.bench.CellId;
import dev.blocklab.bench.ServerJvm;
import dev.blocklab.bench.ServerUnderTest;
import dev.blocklab.downstream.DownstreamsMain;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.launch.Quiet;
import dev.blocklab.report.ReportRenderer;
import org.openjdk.jmh.runner.RunnerException;
import dev.blocklab.server.Scenario;
import dev.blocklab.server.ServerMain;
import dev.blocklab.server.ServerOptions;
import dev.blocklab.server.Variant;
import dev.blocklab.server.VariantConverter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The whole measurement: a new results folder, the downstreams, verification, every cell through JMH, and
 * a summary. A failed cell is recorded and the run goes on; an interrupted run keeps its finished cells.
 */
@Command(name = "run-all", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures every variant under mixed slow + fast load and writes results/<run-id>/.",
                "Profiles: smoke (one cell per variant, ~2 min), quick (http and db at one concurrency, plus baselines, ~6 min),",
                "full (http, db, mixed at 1..64 slow threads, two forks, about 50 minutes)."})
public final class RunAll implements Callable<Integer> {
    static final String MANIFEST = "manifest.json";
    static final String SUMMARY = "summary.json";
    static final String VERIFICATION = "verification.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "PROFILE", converter = ProfileConverter.class,
            description = "smoke, quick or full. Default: quick.")
    Profile profile = Profile.QUICK;

    @Option(names = "--variants", split = ",", paramLabel = "VARIANT", converter = VariantConverter.class,
            description = "Variants to measure. Default: all (${COMPLETION-CANDIDATES}).", completionCandidates = VariantConverter.class)
    List<Variant> variants = List.of(Variant.values());

    @Option(names = "--scenarios", split = ",", paramLabel = "SCENARIO", converter = ScenarioConverter.class,
            description = "Slow routes: http, db, mixed. Default: the profile's.")
    List<Scenario> scenarios;

    @Option(names = "--concurrency", split = ",", paramLabel = "N", description = "Slow threads, a sweep. Default: the profile's.")
    List<Integer> concurrency;

    @Option(names = "--delay-ms", paramLabel = "MS", description = "Delay D of each slow request. Default: ${DEFAULT-VALUE}.")
    int delayMs = 100;

    @Option(names = "--probe-rate", paramLabel = "RPS", description = "Open-loop probe of GET /, requests per second. Default: ${DEFAULT-VALUE}.")
    int probeRate = 200;

    @Option(names = "--results", paramLabel = "DIR", description = "Where run folders go. Default: ${DEFAULT-VALUE}.")
    Path results = Path.of("results");

    @Option(names = "--calibrate", negatable = true, fallbackValue = "true",
            description = "Also measure JFR's overhead and the harness floor next to wrk's. Default: with the full profile.")
    Boolean calibrate;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Where the run's report goes (a copy also goes into the run folder). Default: ${DEFAULT-VALUE}.")
    Path report = Path.of("REPORT.md");

    @Mixin
    ServerOptions serverOptions;

    private volatile Path runDir;
    private volatile ObjectNode manifest;
    private volatile boolean finished;
    private volatile CellId current;
    /** Set by Ctrl-C or kill: no new cell starts, and the interrupted cell's record is not overwritten. */
    private volatile boolean stopping;
    private final Object cellRecords = new Object();

    public static void main(String[] args) {
        Quiet.libraryLogs();
        System.exit(Commands.execute(new RunAll(), args));
    }

    @Override
    public Integer call() throws IOException {
        validate();
        List<CellId> cells = cells();
        runDir = RunFolder.create(results);
        PrintStream out = System.out;
        out.println("blocklab: run " + runDir.getFileName() + " (" + profile.id() + ", " + cells.size() + " cells) -> " + runDir);
        manifest = (ObjectNode) JSON.valueToTree(Manifest.describe(runDir.getFileName().toString(), parameters(cells),
                ServerJvm.HEAP, CellRunner.HARNESS_JVM));
        manifest.put("status", "running");
        manifest.put("startedAt", Instant.now().toString());
        writeManifest();
        Runtime.getRuntime().addShutdownHook(new Thread(this::onExit, "run-all-exit"));

        Path logs = Files.createDirectories(runDir.resolve("logs"));
        ArrayNode summaries = JSON.createArrayNode();
        try (ManagedProcess downstreams = ManagedProcess.start("downstreams", DownstreamsMain.class, List.of(), List.of(), Map.of(),
                ManagedProcess.file(logs.resolve("downstreams.log")), Duration.ofSeconds(120))) {
            JsonNode where = downstreams.ready();
            manifest.put("postgres", where.path("pgEmbedded").asBoolean() ? "embedded" : "external");
            Map<String, Verification.Outcome> verified = verify(where, logs, out);
            CellRunner runner = new CellRunner(profile, String.join(" ", serverOptions.toArgs()), probeRate, Map.of(
                    ServerUnderTest.SLOW_URL_PROPERTY, where.get("slowUrl").asText(),
                    ServerUnderTest.PG_URL_PROPERTY, where.get("pgUrl").asText(),
                    ServerUnderTest.PG_USER_PROPERTY, where.get("pgUser").asText()));
            Progress progress = new Progress(out, cells.size(), runner.estimatePerCell());
            for (CellId cell : cells) {
                if (stopping) {
                    break;
                }
                measure(cell, verified.get(cell.variant().id()), runner, progress).ifPresent(summaries::add);
            }
            // Not after Ctrl-C: a server started while this JVM shuts down would outlive it.
            if (!stopping && (calibrate != null ? calibrate : profile == Profile.FULL)) {
                out.println("Calibrating: JFR's cost (" + JfrCost.FORKS + " sets of live servers, " + JfrCost.ROUNDS_PER_FORK
                        + " rounds of " + JfrCost.SLICE.toMillis() + " ms slices each) and the harness floor (" + Calibration.ROUNDS
                        + " rounds of JMH and wrk on one server each), about 13 minutes...");
                List<String> calibrationServerArgs = new ArrayList<>(ServerMain.downstreamArgs(where));
                calibrationServerArgs.addAll(serverOptions.toArgs());
                JsonNode calibration = Calibration.run(Variant.LOOP_ASYNC, runner, runDir, calibrationServerArgs, logs);
                out.println("  " + Calibration.describe(calibration));
            }
        }
        if (stopping) {
            return Commands.FAILED;
        }
        JSON.writeValue(runDir.resolve(SUMMARY).toFile(), summaries);
        out.println();
        out.print(SummaryTable.render(summaries));
        long failed = 0;
        for (JsonNode summary : summaries) {
            failed += summary.path("status").asText().equals("ok") ? 0 : 1;
        }
        finish(failed == 0 ? "complete" : "complete-with-failures");
        boolean reported = renderReport(out);
        out.println("\nResults: " + runDir + (failed == 0 ? "" : "  (" + failed + " cell(s) failed or had errors; see their cell.json)"));
        return failed == 0 && reported ? Commands.OK : Commands.FAILED;
    }

    /** REPORT.md of this run, in the run folder and at {@link #report}; a failure here loses no measurement. */
    private boolean renderReport(PrintStream out) {
        try {
            ReportRenderer.render(runDir, Optional.empty(), runDir.resolve("REPORT.md"));
            ReportRenderer.render(runDir, Optional.empty(), report);
            out.println("Report: " + report + " (and " + runDir.resolve("REPORT.md") + ")");
            return true;
        } catch (RuntimeException | LinkageError e) {
            System.err.println("blocklab: the report could not be rendered: " + e);
            return false;
        }
    }

    /** Measures one cell and writes its {@code cell.json}; empty when the run was interrupted meanwhile. */
    private Optional<ObjectNode> measure(CellId cell, Verification.Outcome verification, CellRunner runner, Progress progress)
            throws IOException {
        Path cellDir = Files.createDirectories(runDir.resolve("cells").resolve(cell.name()));
        progress.starting(cell.name());
        current = cell;
        ObjectNode summary;
        if (!verification.passed()) {
            summary = CellSummary.failed(cell, "verification failed: " + verification.failure().orElseThrow());
        } else {
            try {
                runner.run(cell, cellDir);
                List<String> problems = Recordings.process(cellDir);
                summary = CellSummary.summarize(cell, cellDir);
                if (!problems.isEmpty()) {
                    summary.set("analysisProblems", JSON.valueToTree(problems));
                }
            } catch (RunnerException e) {
                summary = CellSummary.failed(cell, CellSummary.reasonFromLog(cellDir));
            } catch (Exception e) {
                summary = CellSummary.failed(cell, "could not summarize the cell: " + e);
            }
        }
        synchronized (cellRecords) {
            if (stopping) {
                return Optional.empty();
            }
            current = null;
            JSON.writeValue(cellDir.resolve(CellSummary.CELL_JSON).toFile(), summary);
        }
        progress.finished(cell.name(), summary.path("status").asText(), SummaryTable.oneLine(summary));
        return Optional.of(summary);
    }

    private Map<String, Verification.Outcome> verify(JsonNode where, Path logs, PrintStream out) throws IOException {
        out.println("Verifying every route of every variant before measuring...");
        List<String> downstreamArgs = ServerMain.downstreamArgs(where);
        Map<String, Verification.Outcome> outcomes = new LinkedHashMap<>();
        ObjectNode report = JSON.createObjectNode();
        for (Verification.Outcome outcome : Verification.verify(variants, downstreamArgs, serverOptions.toArgs(), logs)) {
            outcomes.put(outcome.variant().id(), outcome);
            ObjectNode entry = report.putObject(outcome.variant().id());
            entry.put("passed", outcome.passed());
            outcome.failure().ifPresent(reason -> entry.put("reason", reason));
            entry.set("bodies", JSON.valueToTree(outcome.bodies()));
            out.println("  " + outcome.variant().id() + ": " + outcome.failure().map(r -> "FAILED - " + r).orElse("ok"));
        }
        JSON.writeValue(runDir.resolve(VERIFICATION).toFile(), report);
        return outcomes;
    }

    private List<CellId> cells() {
        List<CellId> cells = new ArrayList<>();
        if (profile.baseline()) {
            variants.forEach(v -> cells.add(CellId.baseline(v)));
        }
        for (Scenario scenario : scenarios()) {
            for (int c : concurrencies()) {
                for (Variant variant : variants) {
                    cells.add(CellId.mixed(variant, scenario, delayMs, c));
                }
            }
        }
        return cells;
    }

    private List<Scenario> scenarios() {
        return scenarios != null ? scenarios : profile.scenarios();
    }

    private List<Integer> concurrencies() {
        return concurrency != null ? concurrency : profile.concurrencies();
    }

    private void validate() {
        serverOptions.validate();
        if (delayMs < 1 || delayMs > dev.blocklab.http.Delay.MAX_MS) {
            throw new ParameterException(spec.commandLine(), "--delay-ms must be between 1 and " + dev.blocklab.http.Delay.MAX_MS + ", got " + delayMs);
        }
        if (probeRate < 1 || probeRate > 10_000) {
            throw new ParameterException(spec.commandLine(), "--probe-rate must be between 1 and 10000, got " + probeRate);
        }
        for (int c : concurrencies()) {
            if (c < 1 || c > 4096) {
                throw new ParameterException(spec.commandLine(), "--concurrency values must be between 1 and 4096, got " + c);
            }
        }
    }

    private Map<String, Object> parameters(List<CellId> cells) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("profile", profile.id());
        parameters.put("variants", variants.stream().map(Variant::id).toList());
        parameters.put("scenarios", scenarios().stream().map(Scenario::id).toList());
        parameters.put("concurrency", concurrencies());
        parameters.put("delayMs", delayMs);
        parameters.put("probeRate", probeRate);
        parameters.put("baseline", profile.baseline());
        parameters.put("forks", profile.forks());
        parameters.put("warmup", profile.warmupIterations() + " x " + profile.warmupTime().toSeconds() + " s");
        parameters.put("measurement", profile.measurementIterations() + " x " + profile.measurementTime().toSeconds() + " s");
        parameters.put("serverOptions", serverOptions.toArgs());
        parameters.put("cells", cells.stream().map(CellId::name).toList());
        return parameters;
    }

    private synchronized void finish(String status) {
        if (finished) {
            return;
        }
        finished = true;
        manifest.put("status", status);
        manifest.put("endedAt", Instant.now().toString());
        writeManifest();
    }

    /** On Ctrl-C or kill: mark the run and the cell in progress, and stop every process the run started. */
    private void onExit() {
        if (!finished && manifest != null) {
            synchronized (cellRecords) {
                stopping = true;
                CellId interrupted = current;
                if (interrupted != null) {
                    try {
                        JSON.writeValue(runDir.resolve("cells").resolve(interrupted.name()).resolve(CellSummary.CELL_JSON).toFile(),
                                CellSummary.failed(interrupted, "interrupted while measuring"));
                    } catch (IOException e) {
                        // The cell then has no cell.json, which the report reads as unfinished.
                    }
                }
            }
            finish("interrupted");
            System.err.println("blocklab: run interrupted; finished cells are kept in " + runDir);
        }
        stopDescendants();
    }

    /** SIGTERM to every process this run started (so each stops its own), then SIGKILL to what is left. */
    private static void stopDescendants() {
        List<ProcessHandle> descendants = ProcessHandle.current().descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : descendants) {
            try {
                process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    private void writeManifest() {
        try {
            JSON.writeValue(runDir.resolve(MANIFEST).toFile(), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a profile by name for picocli. */
    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            try {
                return Profile.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads a scenario by name for picocli. */
    static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return Scenario.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static String utcStamp(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    }
}
