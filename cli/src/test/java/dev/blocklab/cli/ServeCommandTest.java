package dev.blocklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.launch.ReadyLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code blocklab serve} as a user runs it, including the ways it can end. */
class ServeCommandTest {
    @Test
    void killingTheOwnerLeavesNothingRunning() throws Exception {
        Process serve = start("serve", "loop-async", "--port", "0");
        try (BufferedReader output = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode downstreams = readyOf(output, "[downstreams] ");
            JsonNode server = readyOf(output, "[server] ");
            HttpResponse<String> fast = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.get("port").asInt() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fast.statusCode());

            List<ProcessHandle> children = serve.descendants().toList();
            assertTrue(children.size() >= 2, "serve should run the downstreams and the server: " + children);
            serve.toHandle().destroyForcibly();
            serve.waitFor(10, TimeUnit.SECONDS);

            for (ProcessHandle child : children) {
                assertTrue(child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).join().isAlive() == false,
                        "process " + child.pid() + " outlived its owner");
            }
            int pgPort = URI.create(downstreams.get("pgUrl").asText().substring("jdbc:".length())).getPort();
            assertFalse(listening(pgPort), "PostgreSQL still listens on " + pgPort + " after its owner was killed");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void unknownVariantIsOneLineAndExitTwo() throws Exception {
        Process serve = start("serve", "loop-magic");
        List<String> lines = lines(serve);
        assertEquals(2, serve.exitValue());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().startsWith("blocklab serve: "), lines.toString());
        assertTrue(lines.getFirst().contains("valid variants: platform, virtual, loop-blocking, loop-offload, loop-async"));
    }

    @Test
    void portInUseFailsCleanly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process serve = start("serve", "platform", "--port", String.valueOf(taken.getLocalPort()));
            List<ProcessHandle> children = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            try (BufferedReader output = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                    serve.descendants().forEach(children::add);
                }
            }
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, serve.exitValue(), lines.toString());
            assertTrue(lines.getLast().startsWith("blocklab serve: server exited with code 1 before it was ready"), lines.toString());
            assertTrue(lines.getLast().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), lines.toString());
            assertTrue(lines.stream().noneMatch(line -> line.contains("\tat ")), "stack trace in " + lines);
            for (ProcessHandle child : children) {
                assertFalse(child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).join().isAlive(), "left running: " + child);
            }
        }
    }

    private static JsonNode readyOf(BufferedReader output, String prefix) throws IOException {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(prefix)) {
                var ready = ReadyLine.parse(line.substring(prefix.length()));
                if (ready.isPresent()) {
                    return ready.get();
                }
            }
        }
        throw new AssertionError("serve ended before " + prefix + "was ready");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlocklabCli.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }

    private static List<String> lines(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return output.lines().filter(line -> !line.startsWith("WARNING:")).toList();
    }
}
