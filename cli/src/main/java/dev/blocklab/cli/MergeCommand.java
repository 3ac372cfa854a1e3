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
                "Environments are compared; a mismatch is printed and recorded in the merged manifest."})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "Run folders (results/<run-id>) to merge; one is copied as it is (a single-shard CI run).")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged run folder; must not exist.")
    Path out;

    @Option(names = "--strict", description = "Refuse to merge runs from different environments.")
    boolean strict;

    @Override
    public Integer call() throws IOException {
        Merge.Result result = Merge.merge(runs, out, strict);
        result.mismatches().forEach(m -> System.err.println("blocklab merge: warning: " + m));
        System.out.println("Merged " + runs.size() + " runs into " + result.runDir());
        return Commands.OK;
    }
}
