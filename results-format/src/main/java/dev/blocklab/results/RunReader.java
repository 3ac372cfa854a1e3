package dev.blocklab.results;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.blocklab.launch.Commands;
import dev.blocklab.vocabulary.CellId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a run folder into a {@link Run}: the manifest and every cell's {@code cell.json}, nothing else. Tolerant of
 * what a stopped or damaged run lacks: a cell without {@code cell.json} is "not finished", one whose {@code cell.json}
 * cannot be read is "unreadable" with the reason, and the other cells are still read. Strict about the manifest, without
 * which nothing can be read: one {@link Commands.Failure} line naming the file.
 */
public final class RunReader {
    private RunReader() {}

    public static Run read(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new Commands.Failure("no run folder at " + runDir);
        }
        Path manifestFile = runDir.resolve(RunLayout.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new Commands.Failure(runDir + " is not a run folder: it has no " + RunLayout.MANIFEST);
        }
        RunManifest manifest = ResultsFormat.read(manifestFile, RunManifest.class);
        Set<String> names = new LinkedHashSet<>(manifest.parameters().cells());
        names.addAll(cellFolders(runDir));
        List<Cell> cells = new ArrayList<>();
        for (String name : names) {
            cells.add(cell(runDir.resolve(RunLayout.CELLS).resolve(name), name));
        }
        cells.sort(Run.ORDER);
        return new Run(runDir, manifest, List.copyOf(cells));
    }

    /** The run's calibration, when it was calibrated. */
    public static Optional<Calibration> calibration(Path runDir) {
        Path file = runDir.resolve(RunLayout.CALIBRATION);
        return Files.isRegularFile(file) ? Optional.of(ResultsFormat.read(file, Calibration.class)) : Optional.empty();
    }

    /** The run's verification, by variant id; empty when the run has none. */
    public static Map<String, VerifiedVariant> verification(Path runDir) {
        Path file = runDir.resolve(RunLayout.VERIFICATION);
        return Files.isRegularFile(file) ? ResultsFormat.read(file, new TypeReference<Map<String, VerifiedVariant>>() {}) : Map.of();
    }

    /** The names of the folders under {@code cells/}, sorted. */
    public static List<String> cellFolders(Path runDir) {
        Path cellsDir = runDir.resolve(RunLayout.CELLS);
        if (!Files.isDirectory(cellsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(cellsDir)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new Commands.Failure("cannot list " + cellsDir + ": " + e.getMessage());
        }
    }

    private static Cell cell(Path dir, String name) {
        Path file = dir.resolve(RunLayout.CELL);
        CellId id;
        try {
            id = CellId.parse(name);
        } catch (IllegalArgumentException e) {
            throw new Commands.Failure(RunLayout.CELLS + "/" + name + ": " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            return Cell.notMeasured(id, CellStatus.NOT_FINISHED, "no cell.json: the run ended before this cell", List.of(RunLayout.CELL));
        }
        try {
            return ResultsFormat.read(file, Cell.class);
        } catch (Commands.Failure e) {
            // The message names the file and what is wrong with it; the path is the run's, said relative to it.
            String why = e.getMessage().replace(file.toString(), RunLayout.CELL);
            return Cell.notMeasured(id, CellStatus.UNREADABLE, why, List.of(RunLayout.CELL));
        }
    }
}
