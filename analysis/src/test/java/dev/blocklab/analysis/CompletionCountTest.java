package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.blocklab.vocabulary.ServerEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.Configuration;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

/**
 * The server's count of finished slow calls is a rate of completions: a call counts when it ends in the window, and only
 * when it succeeded. Counted by their start, the calls of a server with a queue in front of its pool (loop-offload past its
 * executor) started before the window and counted none; a wait for a connection that timed out is no call finished.
 */
class CompletionCountTest {

    /** Stands for the server's {@code SlowCallEvent}, which is package-private in the servers module: same name, same fields. */
    @Name(ServerEvents.SLOW_CALL)
    static final class SlowCall extends jdk.jfr.Event {
        String route = "http";
        boolean succeeded;
    }

    @Test
    void aCallCountsWhenItEndsInTheWindowAndSucceeded() throws Exception {
        Files.createDirectories(Recordings.DIR);
        Path file = Recordings.DIR.resolve("completion-count.jfr");
        Instant from;
        Instant to;
        // The JDK's default settings: the analysis refuses a recording without the blocking events it reads.
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.enable(ServerEvents.SLOW_CALL);
            recording.start();
            SlowCall queuedBefore = started();
            SlowCall alsoQueuedBefore = started();
            SlowCall spansTheWindow = started();
            Thread.sleep(100);
            from = Instant.now();
            Thread.sleep(100);
            finish(queuedBefore, true); // began before the window, ended in it: counted
            finish(alsoQueuedBefore, true);
            finish(started(), true); // all in the window: counted
            finish(started(), false); // failed: not counted
            SlowCall endsAfter = started();
            Thread.sleep(100);
            to = Instant.now();
            Thread.sleep(100);
            finish(endsAfter, true); // began in the window, ended after it: not counted
            finish(spansTheWindow, true); // began before the window, ended after it: not counted
            recording.stop();
            recording.dump(file);
        }
        Analysis.MetricValue calls = Analysis.of(file, AnalysisOptions.defaults().withWindow(from, to)).metric("server.slowCalls");
        assertEquals(3, calls.count(), calls.toString());
    }

    private static SlowCall started() {
        SlowCall call = new SlowCall();
        call.begin();
        return call;
    }

    private static void finish(SlowCall call, boolean succeeded) {
        call.succeeded = succeeded;
        call.end();
        call.commit();
    }
}
