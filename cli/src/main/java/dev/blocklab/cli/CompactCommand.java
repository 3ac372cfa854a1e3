package dev.blocklab.cli;

import dev.blocklab.launch.Commands;
import dev.blocklab.results.CompactRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blocklab compact}: the typed files of a run, what the repository keeps of a published run. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Copies a run's typed files (manifest.json, verification.json, calibration.json, every cell.json) into a new",
                "folder: everything the report reads, without JMH's output, fork folders, logs or recordings."})
public final class CompactCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "The run folder.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The compact copy; must not exist.")
    Path out;

    @Override
    public Integer call() {
        int files = CompactRun.copy(run, out).size();
        System.out.println("Copied the " + files + " typed files of " + run + " into " + out);
        return Commands.OK;
    }
}
