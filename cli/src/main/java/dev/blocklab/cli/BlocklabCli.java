package dev.blocklab.cli;

import dev.blocklab.analysis.AnalyzeCommand;
import dev.blocklab.launch.Commands;
import dev.blocklab.report.ReportCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/blocklab}: one tool, a subcommand per job. Measuring is not one of them: {@code scripts/run-all.sh}
 * starts {@link RunAllCommand} with the harness's own JVM options, not this tool's short-command ones.
 */
@Command(name = "blocklab", mixinStandardHelpOptions = true, version = "blocklab 0.1",
        description = "Measures what a blocking call costs a server, depending on where it runs.")
public final class BlocklabCli implements Runnable {
    static final List<Class<?>> SUBCOMMANDS =
            List.of(ServeCommand.class, AnalyzeCommand.class, MergeCommand.class, ReportCommand.class,
                    ConvertCommand.class, CompactCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Commands.execute(commandLine(args), args));
    }

    /**
     * The tool with only the subcommand named in {@code args}, or with all of them when none is named: picocli
     * reads each command's annotations when it is added, which was a third of a short command's start-up.
     */
    static CommandLine commandLine(String... args) {
        CommandLine tool = new CommandLine(new BlocklabCli());
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(command -> args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0]))
                .toList();
        (named.isEmpty() ? SUBCOMMANDS : named).forEach(tool::addSubcommand);
        return tool;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: " + String.join(", ", spec.subcommands().keySet()));
    }
}
