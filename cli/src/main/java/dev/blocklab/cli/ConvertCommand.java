package dev.blocklab.cli;

import dev.blocklab.bench.run.ConvertRun;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blocklab convert}: a run written before the typed results format, copied into the current one. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Copies a run folder written before the typed results format (schemaVersion 1) into the current format:",
                "cell.json summarised again from the raw files beside it, the other files kept under their records. The original stays."})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "The run folder to convert.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The converted copy; must not exist.")
    Path out;

    @Override
    public Integer call() throws IOException {
        try {
            int cells = ConvertRun.convert(run, out);
            System.out.println("Converted " + run + " into " + out + " (" + cells + " cell.json files)");
            return Commands.OK;
        } catch (FileAlreadyExistsException e) {
            throw new Commands.Failure(e.getMessage());
        }
    }
}
