package dev.blocklab.cli;

import dev.blocklab.bench.run.Merge;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blocklab merge}: shards of one run, measured apart, into one run folder. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merges run folders (CI shards, or runs from several machines) into one run folder.",
                "Environments are compared: runs from different machines or settings are refused, unless --allow-mixed, which",
                "records each mismatch in the merged manifest and the report's first screen."})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "Run folders (results/<run-id>) to merge; one is copied as it is (a single-shard CI run).")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged run folder; must not exist.")
    Path out;

    @Option(names = "--allow-mixed", description = "Merge runs from different environments anyway (their figures are then not side by side).")
    boolean allowMixed;

    @Override
    public Integer call() throws IOException {
        Merge.Result result = Merge.merge(runs, out, !allowMixed);
        result.mismatches().forEach(m -> System.err.println("blocklab merge: warning: " + m));
        System.out.println("Merged " + runs.size() + " runs into " + result.runDir());
        return Commands.OK;
    }
}
