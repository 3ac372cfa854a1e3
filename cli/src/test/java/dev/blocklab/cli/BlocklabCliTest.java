package dev.blocklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tool builds only the subcommand it runs, and all of them when it has to list them. */
class BlocklabCliTest {
    private static final Set<String> ALL = Set.of("serve", "analyze", "merge", "report", "convert", "compact");

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("analyze"), BlocklabCli.commandLine("analyze", "x.jfr").getSubcommands().keySet());
    }

    @Test
    void withoutAKnownSubcommandAllAreThereToBeListed() {
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("analyse"))) {
            assertEquals(ALL, BlocklabCli.commandLine(args.toArray(String[]::new)).getSubcommands().keySet(), args.toString());
        }
    }
}
