package dev.blocklab.results;

import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's typed files alone: the manifest, verification, calibration and every cell's {@code cell.json}. A report
 * renders from them exactly as from the whole run (only its links to raw files differ), so this is what the
 * repository keeps of a published run; the whole run goes to the results branch.
 */
public final class CompactRun {
    private CompactRun() {}

    /** Copies the typed files of {@code from} into {@code to}, which must not exist; returns the files copied. */
    public static List<Path> copy(Path from, Path to) {
        // Refuses what is not a readable run of this format, before anything is written.
        Run run = RunReader.read(from);
        RunReader.calibration(from);
        RunReader.verification(from);
        if (Files.exists(to)) {
            throw new Commands.Failure(to + " already exists; compact never overwrites a run");
        }
        List<Path> files = new ArrayList<>();
        for (String file : List.of(RunLayout.MANIFEST, RunLayout.VERIFICATION, RunLayout.CALIBRATION)) {
            files.add(Path.of(file));
        }
        for (Cell cell : run.cells()) {
            files.add(Path.of(RunLayout.CELLS, cell.name(), RunLayout.CELL));
        }
        List<Path> copied = new ArrayList<>();
        try {
            for (Path file : files) {
                Path source = from.resolve(file);
                if (Files.isRegularFile(source)) {
                    Path target = to.resolve(file);
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                    copied.add(file);
                }
            }
        } catch (IOException e) {
            throw new Commands.Failure("cannot copy " + from + " to " + to + ": " + e.getMessage());
        }
        return copied;
    }
}
