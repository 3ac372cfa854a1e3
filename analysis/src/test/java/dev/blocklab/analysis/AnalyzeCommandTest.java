package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.launch.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code blocklab analyze} as a user runs it: exit codes, one-line errors, both output forms. */
class AnalyzeCommandTest {
    static Path recording;

    @BeforeAll
    static void record() {
        recording = Recordings.inProcess("cli", "profile", 2);
    }

    record Run(int exit, String out, String err) {}

    @Test
    void printsTablesByDefaultAndJsonOnRequest() throws Exception {
        Run text = run(recording.toString(), "--top", "3");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("Event-loop threads: blocked"), text.out());
        assertTrue(text.out().contains("XNIO-7 I/O-1"), text.out());

        Run json = run(recording.toString(), "--json", "--loop-threads", "my-loop-\\d+");
        assertEquals(0, json.exit(), json.err());
        JsonNode document = new ObjectMapper().readTree(json.out());
        assertEquals(Analysis.SCHEMA_VERSION, document.get("schemaVersion").asInt());
        assertEquals("my-loop-\\d+", document.get("loopThreadPatterns").get(document.get("loopThreadPatterns").size() - 1).asText());
        assertEquals(100, document.get("eventLoop").get("blockedMs").asDouble(), 30);
    }

    @Test
    void dataErrorsAreOneLineAndExitOne() {
        Run missing = run("no-such.jfr");
        assertEquals(Commands.FAILED, missing.exit());
        assertEquals("analyze: no such file: no-such.jfr\n", missing.err());
    }

    @Test
    void usageErrorsExitTwo() {
        for (String[] args : new String[][] {
                {recording.toString(), "--top", "0"},
                {recording.toString(), "--from", "yesterday"},
                {recording.toString(), "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z"},
                {recording.toString(), "--loop-threads", "(unclosed"},
                {}}) {
            Run run = run(args);
            assertEquals(Commands.USAGE, run.exit(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("analyze: "), run.err());
        }
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = Commands.execute(new AnalyzeCommand(), args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
