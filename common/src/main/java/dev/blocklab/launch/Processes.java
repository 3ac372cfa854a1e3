package dev.blocklab.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the harness needs to know of a process it did not start itself (JMH's forks, their servers). */
public final class Processes {
    private Processes() {}

    /**
     * The full command line: from {@code /proc} on Linux, because {@link ProcessHandle.Info#commandLine()} leaves it out
     * when it is long (a test's class path); else what the JDK knows; empty when the process is gone.
     */
    public static String commandLine(ProcessHandle process) {
        Path cmdline = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ').strip();
            }
        } catch (IOException e) {
            return ""; // gone meanwhile
        }
        return process.info().commandLine().orElse("");
    }
}
