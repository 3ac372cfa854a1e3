package dev.blocklab.cli;

import dev.blocklab.analysis.RecordingSettings;
import dev.blocklab.launch.Commands;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The workload the build trains the tool's ahead-of-time cache on (cli/pom.xml, JDK 25+), not a command: records
 * an event loop that blocks, with blocklab's settings, then analyzes the recording as a person reads it (text) and
 * as the report reads it (JSON), so that both paths start from the cache.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Path recording = Path.of(args[0]);
        record(recording);
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            for (List<String> command : List.of(List.of("analyze", recording.toString()),
                    List.of("analyze", recording.toString(), "--json"))) {
                String[] arguments = command.toArray(String[]::new);
                if (Commands.execute(BlocklabCli.commandLine(arguments), arguments) != Commands.OK) {
                    throw new IllegalStateException("training command failed: " + command);
                }
            }
        } finally {
            System.setOut(out);
        }
    }

    private static void record(Path file) throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration(RecordingSettings.BASE))) {
            RecordingSettings.OVERRIDES.forEach(s -> recording.enable(s.event()).with(s.name(), s.value()));
            recording.start();
            Thread loop = Thread.ofPlatform().name("XNIO-1 I/O-1").start(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        Thread.sleep(20);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.join();
            recording.stop();
            recording.dump(file);
        }
    }
}
