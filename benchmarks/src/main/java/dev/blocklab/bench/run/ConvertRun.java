package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.launch.Commands;
import dev.blocklab.results.Calibration;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunManifest;
import dev.blocklab.results.VerifiedVariant;
import dev.blocklab.vocabulary.CellId;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one-off conversion of a run written before the typed results format (files with {@code schemaVersion} 1)
 * into a copy in the current format: the manifest, verification and calibration keep their figures under their
 * records; every {@code cell.json} is summarised again from the raw evidence beside it (JMH's JSON, the forks' files,
 * probe logs, analyses) by the harness's own {@link CellSummary}, so a converted run says exactly what a new one
 * would. The original is never touched. Readers know only the current format; older shapes are known here alone.
 */
public final class ConvertRun {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The fork's probe percentiles, also in its probe log and percentile table: not part of the record. */
    private static final List<String> FORK_PROBE_COPIES = List.of("p50Ms", "p90Ms", "p99Ms", "p99.9Ms", "maxMs");
    private static final List<String> JVM_ROLES = List.of("server", "harness", "runner", "recording");

    private ConvertRun() {}

    /** Copies {@code from} to {@code to} (which must not exist) and converts the copy; returns the cells converted. */
    public static int convert(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from.resolve(RunLayout.MANIFEST))) {
            throw new Commands.Failure(from + " is not a run folder: it has no " + RunLayout.MANIFEST);
        }
        JsonNode version = ResultsFormat.tree(from.resolve(RunLayout.MANIFEST)).path("schemaVersion");
        if (version.asInt() != 1) {
            throw new Commands.Failure(from + " is not a version 1 run (schemaVersion " + (version.isMissingNode() ? "none" : version.asText())
                    + "); only those convert");
        }
        if (Files.exists(to)) {
            throw new FileAlreadyExistsException(to + " already exists; convert never overwrites a run");
        }
        Merge.copyTree(from, to);
        Files.deleteIfExists(to.resolve("summary.json")); // every cell.json again, in order: the cells are the record
        manifest(to.resolve(RunLayout.MANIFEST));
        Path verification = to.resolve(RunLayout.VERIFICATION);
        if (Files.isRegularFile(verification)) {
            Map<String, VerifiedVariant> variants = new LinkedHashMap<>();
            ResultsFormat.tree(verification).properties().forEach(e -> variants.put(e.getKey(), ResultsFormat.fromTree(e.getValue(), VerifiedVariant.class)));
            ResultsFormat.write(verification, variants);
        }
        Path calibration = to.resolve(RunLayout.CALIBRATION);
        if (Files.isRegularFile(calibration)) {
            ResultsFormat.write(calibration, ResultsFormat.fromTree(ResultsFormat.tree(calibration), Calibration.class));
        }
        List<Path> cellFiles;
        try (Stream<Path> files = Files.walk(to)) {
            cellFiles = files.filter(f -> f.getFileName().toString().equals(RunLayout.CELL)).sorted().toList();
        }
        for (Path cellFile : cellFiles) {
            try {
                cell(cellFile);
            } catch (IllegalArgumentException e) {
                throw new Commands.Failure(cellFile.getParent() + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return cellFiles.size();
    }

    private static void manifest(Path file) {
        ObjectNode m = ResultsFormat.tree(file);
        m.remove("schemaVersion");
        // One order for every manifest: the roles as the harness names them.
        ObjectNode jvm = (ObjectNode) m.path("jvmOptions");
        ObjectNode ordered = NODES.objectNode();
        JVM_ROLES.stream().filter(jvm::has).forEach(role -> ordered.set(role, jvm.get(role)));
        m.set("jvmOptions", ordered);
        for (String optional : List.of("endedAt", "postgres")) {
            if (m.path(optional).asText("").isEmpty()) {
                m.putNull(optional);
            }
        }
        if (!m.has("mergedFrom")) {
            m.set("mergedFrom", NODES.arrayNode());
        }
        if (!m.has("environmentMismatches")) {
            m.set("environmentMismatches", NODES.arrayNode());
        }
        ResultsFormat.write(file, ResultsFormat.fromTree(m, RunManifest.class));
    }

    private static void cell(Path cellFile) throws IOException {
        Path dir = cellFile.getParent();
        ObjectNode old = ResultsFormat.tree(cellFile);
        CellId id = CellId.parse(dir.getFileName().toString().equals("jmh") ? old.path("cell").asText() : dir.getFileName().toString());
        List<Path> forkFiles;
        try (Stream<Path> files = Files.list(dir)) {
            forkFiles = files.map(f -> f.resolve(RunLayout.FORK)).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path forkFile : forkFiles) {
            ObjectNode fork = ResultsFormat.tree(forkFile);
            ObjectNode probe = (ObjectNode) fork.path("probe");
            FORK_PROBE_COPIES.forEach(probe::remove);
            for (String count : List.of("count", "expected", "errors", "refused")) {
                if (!probe.has(count)) {
                    probe.put(count, 0); // the probe was off (the harness floor): it counted nothing
                }
            }
            fork.set("processes", NODES.arrayNode()); // not measured before the typed format
            fork.putNull("machineBusy");
            ResultsFormat.write(forkFile, ResultsFormat.fromTree(fork, ForkRecord.class));
        }
        Cell cell;
        if (old.path("status").asText().equals("failed")) {
            cell = Cell.notMeasured(id, CellStatus.FAILED, old.path("reason").asText(), List.of());
        } else {
            Cell summary = CellSummary.withAnalysisProblems(CellSummary.summarize(id, dir), strings(old.path("analysisProblems")));
            // Published runs leave the recordings out; the cell still names the ones it analysed.
            cell = new Cell(summary.name(), summary.variant(), summary.scenario(), summary.delayMs(), summary.slowThreads(), summary.status(),
                    summary.reason(), summary.forks(), summary.pools(), summary.windows(), summary.slow(), summary.fast(), summary.probe(),
                    summary.bound(), summary.efficiency(), summary.harnessUtilization(), summary.errorRate(), strings(old.path("recordings")),
                    summary.diagnoses(), summary.analysisProblems(), summary.missingFiles(), summary.cost(), summary.openLoad());
        }
        ResultsFormat.write(cellFile, cell);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array instanceof ArrayNode) {
            array.forEach(v -> out.add(v.asText()));
        }
        return List.copyOf(out);
    }
}
