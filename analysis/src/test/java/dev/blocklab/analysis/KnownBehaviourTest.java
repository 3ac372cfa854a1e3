package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.analysis.Analysis.LoopThread;
import dev.blocklab.analysis.Analysis.StackRow;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysis of {@link KnownBehaviour}, whose blocking is known in advance. */
class KnownBehaviourTest {
    static Path recording;
    static Analysis analysis;

    @BeforeAll
    static void record() {
        recording = Recordings.record(KnownBehaviour.class, "known-behaviour");
        analysis = Analysis.of(recording, AnalysisOptions.defaults());
        System.out.println(AnalysisText.render(analysis));
    }

    @Test
    void sleepingLoopThreadIsBlockedAboutASecondWithTheSleepingMethodOnTop() {
        LoopThread loop = thread(KnownBehaviour.SLEEPING_LOOP);
        assertEquals(1000, loop.blockedMs(), 100, "blocked time of " + loop);
        assertEquals(5, loop.blockingEvents());
        StackRow first = analysis.eventLoop().topStacks().getFirst();
        assertEquals("jdk.ThreadSleep", first.event());
        assertTrue(first.application().startsWith(KnownBehaviour.class.getName() + ".sleepFiveTimes"), first.toString());
        assertEquals(5, first.count());
        assertEquals(1000, first.totalMs(), 100);
    }

    @Test
    void theSameSleepOnAThreadThatIsNoEventLoopIsNotCounted() {
        assertFalse(analysis.eventLoop().threads().stream().anyMatch(t -> t.name().equals(KnownBehaviour.SLEEPING_WORKER)));
        long sleeps = analysis.eventLoop().byEvent().stream().filter(e -> e.event().equals("jdk.ThreadSleep"))
                .mapToLong(Analysis.EventRow::count).sum();
        assertEquals(5, sleeps, "only the loop thread's sleeps count");
        assertTrue(analysis.eventCounts().get("jdk.ThreadSleep") >= 10, "both threads' sleeps were recorded");
    }

    @Test
    void aSocketReadOnALoopThreadIsFoundWithItsStack() {
        LoopThread reader = thread(KnownBehaviour.READING_LOOP);
        assertTrue(reader.blockedMs() >= KnownBehaviour.PEER_DELAY_MS * 0.8, reader.toString());
        StackRow read = analysis.eventLoop().topStacks().stream().filter(s -> s.event().equals("jdk.SocketRead"))
                .findFirst().orElseThrow(() -> new AssertionError("no socket read in " + analysis.eventLoop().topStacks()));
        assertTrue(read.application().startsWith(KnownBehaviour.class.getName() + ".readSlowly"), read.toString());
        // JFR leaves out the JDK's own frames of its I/O events: the read was called directly by the application.
        assertEquals(StackReducer.NONE, read.call(), read.toString());
        assertTrue(read.top().startsWith(KnownBehaviour.class.getName() + ".readSlowly"), read.toString());
        assertTrue(read.totalMs() >= KnownBehaviour.PEER_DELAY_MS * 0.8, read.toString());
    }

    @Test
    void theFractionIsOfTheRecordedTime() {
        LoopThread loop = thread(KnownBehaviour.SLEEPING_LOOP);
        assertEquals(loop.blockedMs() / analysis.window().durationMs(), loop.blockedFraction(), 1e-9);
        assertFalse(analysis.partial());
        assertTrue(analysis.missingEvents().stream().noneMatch(m -> m.event().startsWith("jdk.Socket")), analysis.missingEvents().toString());
    }

    @Test
    void recordingSettingsLeaveTheSecretsOut() throws java.io.IOException {
        assertEquals(0, jdk.jfr.consumer.RecordingFile.readAllEvents(recording).stream()
                .filter(e -> Scrubber.SECRET_EVENTS.contains(e.getEventType().getName())).count());
        assertTrue(analysis.warnings().isEmpty(), "thresholds and throttles are as the analysis needs: " + analysis.warnings());
    }

    private static LoopThread thread(String name) {
        return analysis.eventLoop().threads().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + analysis.eventLoop().threads()));
    }
}
