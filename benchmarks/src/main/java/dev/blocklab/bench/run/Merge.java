package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.launch.Commands;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunManifest;
import dev.blocklab.results.RunReader;
import dev.blocklab.results.VerifiedVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Joins run folders measured apart (CI shards, or machines) into one run folder that the report reads like
 * any other. Environments are compared field by field: a mismatch is written into the merged manifest and
 * printed, never hidden; {@code strict} refuses it.
 */
public final class Merge {
    /** Manifest fields that must agree for the shards' numbers to be comparable side by side. */
    static final List<String> ENVIRONMENT = List.of("/git/commit", "/git/dirty", "/jdk/version", "/jdk/vendor",
            "/os/name", "/os/kernel", "/cpu/model", "/cpu/cores", "/memoryBytes", "/jvmOptions/server", "/jvmOptions/harness", "/jvmOptions/recording",
            "/parameters/profile", "/parameters/delayMs", "/parameters/probeRate", "/parameters/forks", "/parameters/warmup",
            "/parameters/measurement", "/parameters/serverOptions", "/versions");

    private Merge() {}

    /** What came out: the merged folder and the environment fields on which the shards disagreed. */
    public record Result(Path runDir, List<String> mismatches) {}

    public static Result merge(List<Path> shards, Path out, boolean strict) throws IOException {
        List<RunManifest> manifests = new ArrayList<>();
        for (Path shard : shards) {
            manifests.add(manifest(shard));
        }
        List<String> mismatches = mismatches(shards, manifests);
        if (strict && !mismatches.isEmpty()) {
            throw new Commands.Failure("shards come from different environments: " + String.join("; ", mismatches));
        }
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.createDirectory(out);
        } catch (FileAlreadyExistsException e) {
            throw new Commands.Failure(out + " already exists; merge never overwrites a run");
        }
        TreeMap<String, Path> cells = new TreeMap<>();
        for (Path shard : shards) {
            for (String cell : RunReader.cellFolders(shard)) {
                Path previous = cells.putIfAbsent(cell, shard.resolve(RunLayout.CELLS).resolve(cell));
                if (previous != null) {
                    throw new Commands.Failure("cell " + cell + " is in both " + previous.getParent().getParent()
                            + " and " + shard + "; each cell must be measured in one shard only");
                }
            }
        }
        Map<String, VerifiedVariant> verification = new LinkedHashMap<>();
        for (Path shard : shards) {
            copyTree(shard.resolve(RunLayout.LOGS), out.resolve(RunLayout.LOGS).resolve(shard.getFileName().toString()));
            verification.putAll(RunReader.verification(shard));
        }
        for (var cell : cells.entrySet()) {
            copyTree(cell.getValue(), out.resolve(RunLayout.CELLS).resolve(cell.getKey()));
        }
        keepCalibrations(shards, out);
        mismatches.addAll(differentBodies(verification));
        ResultsFormat.write(out.resolve(RunLayout.VERIFICATION), verification);
        ResultsFormat.write(out.resolve(RunLayout.MANIFEST), mergedManifest(out, shards, manifests, mismatches, cells.keySet()));
        return new Result(out, mismatches);
    }

    /**
     * Each shard verified its own variants; across shards, the same route must still answer the same body
     * (TechEmpower's check), or the variants did not do the same work.
     */
    static List<String> differentBodies(Map<String, VerifiedVariant> verification) {
        List<String> differences = new ArrayList<>();
        TreeMap<String, String> first = new TreeMap<>();
        TreeMap<String, String> firstVariant = new TreeMap<>();
        verification.forEach((variant, verified) -> verified.bodies().forEach((route, body) -> {
            String seen = first.putIfAbsent(route, body);
            firstVariant.putIfAbsent(route, variant);
            if (seen != null && !seen.equals(body)) {
                differences.add("verification: GET " + route + " answered differently on " + firstVariant.get(route) + " and " + variant);
            }
        }));
        return differences;
    }

    private static RunManifest manifest(Path shard) {
        Path file = shard.resolve(RunLayout.MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new Commands.Failure(shard + " is not a run folder (no " + RunLayout.MANIFEST + ")");
        }
        return ResultsFormat.read(file, RunManifest.class);
    }

    private static List<String> mismatches(List<Path> shards, List<RunManifest> manifests) {
        List<JsonNode> trees = manifests.stream().map(ResultsFormat::toTree).toList();
        List<String> mismatches = new ArrayList<>();
        for (String field : ENVIRONMENT) {
            Set<String> values = new LinkedHashSet<>();
            trees.forEach(m -> values.add(m.at(field).toString()));
            if (values.size() > 1) {
                List<String> each = new ArrayList<>();
                for (int i = 0; i < shards.size(); i++) {
                    each.add(shards.get(i).getFileName() + "=" + trees.get(i).at(field));
                }
                mismatches.add(field.substring(1) + " differs: " + String.join(", ", each));
            }
        }
        return mismatches;
    }

    private static RunManifest mergedManifest(Path out, List<Path> shards, List<RunManifest> manifests, List<String> mismatches,
            Set<String> cells) {
        RunManifest first = manifests.getFirst();
        Set<String> variants = new LinkedHashSet<>();
        Set<String> scenarios = new LinkedHashSet<>();
        Set<String> singleForkScenarios = new LinkedHashSet<>();
        String started = null;
        String ended = null;
        String status = "complete";
        List<RunManifest.Shard> from = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            RunManifest m = manifests.get(i);
            variants.addAll(m.parameters().variants());
            scenarios.addAll(m.parameters().scenarios());
            singleForkScenarios.addAll(m.parameters().singleForkScenarios());
            String s = m.startedAt();
            String e = m.endedAt().orElse("");
            started = started == null || s.compareTo(started) < 0 ? s : started;
            ended = ended == null || e.compareTo(ended) > 0 ? e : ended;
            if (!m.status().equals("complete")) {
                status = m.status().equals("interrupted") ? "interrupted" : "complete-with-failures";
            }
            from.add(new RunManifest.Shard(m.runId(), shards.get(i).toString(), m.status(), m.cpu().model() + ", " + m.cpu().cores() + " cores, "
                    + m.memoryBytes() / (1L << 30) + " GiB, " + m.os().name() + " " + m.os().kernel()));
        }
        RunManifest.Parameters p = first.parameters();
        RunManifest.Parameters parameters = new RunManifest.Parameters(p.profile(), List.copyOf(variants), List.copyOf(scenarios), p.concurrency(),
                p.delayMs(), p.probeRate(), p.baseline(), p.forks(), p.warmup(), p.measurement(), p.serverOptions(), List.copyOf(cells), p.slowLoad(), p.maxRate(),
                p.singleForkFrom(), List.copyOf(singleForkScenarios));
        return new RunManifest(out.getFileName().toString(), parameters, first.git(), first.jdk(), first.jvmOptions(), first.os(), first.cpu(),
                first.memoryBytes(), first.versions(), status, started, ended.isEmpty() ? Optional.empty() : Optional.of(ended),
                first.postgres(), List.copyOf(from), List.copyOf(mismatches));
    }

    /**
     * Every shard's calibration is kept, each under {@code calibration/<shard>/} (its {@code calibration.json} and its
     * raw files): a calibration says how far one machine's figures can be trusted, so none is dropped. When one shard
     * alone was calibrated, its calibration is also the merged run's, which the report shows.
     */
    private static void keepCalibrations(List<Path> shards, Path out) throws IOException {
        List<Path> calibrated = shards.stream().filter(s -> Files.isRegularFile(s.resolve(RunLayout.CALIBRATION))).toList();
        for (Path shard : calibrated) {
            Path kept = out.resolve(RunLayout.CALIBRATION_DIR).resolve(shard.getFileName().toString());
            copyTree(shard.resolve(RunLayout.CALIBRATION_DIR), kept);
            Files.createDirectories(kept);
            Files.copy(shard.resolve(RunLayout.CALIBRATION), kept.resolve(RunLayout.CALIBRATION));
        }
        if (calibrated.size() == 1) {
            Files.copy(calibrated.getFirst().resolve(RunLayout.CALIBRATION), out.resolve(RunLayout.CALIBRATION));
        }
    }

    /** Copies a folder with its files' times; a missing folder copies nothing. */
    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
