package dev.blocklab.cli;

import dev.blocklab.analysis.AnalyzeCommand;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.Quiet;
import dev.blocklab.report.ReportCommand;
import picocli.CommandLine.Command;

/** {@code scripts/blocklab}: one tool, a subcommand per job. */
@Command(name = "blocklab", mixinStandardHelpOptions = true, version = "blocklab 0.1",
        description = "Measures what a blocking call costs a server, depending on where it runs.",
        subcommands = {ServeCommand.class, AnalyzeCommand.class, MergeCommand.class, ReportCommand.class})
public final class BlocklabCli implements Runnable {
    public static void main(String[] args) {
        Quiet.libraryLogs();
        System.exit(Commands.execute(new BlocklabCli(), args));
    }

    @Override
    public void run() {
        picocli.CommandLine self = new picocli.CommandLine(this);
        throw new picocli.CommandLine.ParameterException(self, "name a subcommand: " + String.join(", ", self.getSubcommands().keySet()));
    }
}
