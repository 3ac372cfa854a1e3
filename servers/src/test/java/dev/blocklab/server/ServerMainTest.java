package dev.blocklab.server;

import dev.blocklab.vocabulary.Variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input to the server program: one line that says what is wrong, a non-zero exit, no stack trace. */
class ServerMainTest {
    private static final String SLOW = "--slow-url=http://127.0.0.1:1";
    private static final String DB = "--db-url=jdbc:postgresql://127.0.0.1:1/postgres";

    @Test
    void unknownVariantListsTheValidOnes() throws Exception {
        Run run = run("--variant", "loop-magic", SLOW, DB);
        assertEquals(2, run.exit);
        assertEquals(1, run.lines.size(), run.lines.toString());
        assertTrue(run.lines.getFirst().contains("unknown variant 'loop-magic'"), run.lines.toString());
        assertTrue(run.lines.getFirst().contains(Variant.ids()), run.lines.toString());
    }

    @Test
    void nonPositivePoolSizeIsRefused() throws Exception {
        Run run = run("--variant", "platform", "--worker-threads", "0", SLOW, DB);
        assertEquals(2, run.exit);
        assertEquals(List.of("blocklab-server: --worker-threads must be between 1 and 10000, got 0 (see --help)"), run.lines);
    }

    @Test
    void portInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run run = run("--variant", "virtual", "--port", String.valueOf(taken.getLocalPort()), SLOW, DB);
            assertEquals(1, run.exit);
            assertEquals(List.of("blocklab-server: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use; choose another with --port"),
                    run.lines.stream().filter(line -> line.startsWith("blocklab-server")).toList());
            assertTrue(run.lines.stream().noneMatch(line -> line.contains("\tat ")), "stack trace: " + run.lines);
        }
    }

    private record Run(int exit, List<String> lines) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "server program did not exit");
        // JDK warnings about libraries (sun.misc.Unsafe) are not the program's output.
        List<String> lines = output.lines().filter(line -> !line.startsWith("WARNING:")).toList();
        return new Run(process.exitValue(), lines);
    }
}
