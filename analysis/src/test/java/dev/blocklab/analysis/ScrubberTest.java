package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published recordings carry no environment, system properties or command lines. */
class ScrubberTest {
    @TempDir
    Path dir;

    @Test
    void removesTheSecretEventsAndKeepsTheRest() throws IOException {
        Path recording = Recordings.inProcess("with-secrets", "profile", 1);
        assertTrue(secrets(recording) > 0, "the test recording should have system properties to remove");
        long others = RecordingFile.readAllEvents(recording).size() - secrets(recording);

        Path scrubbed = dir.resolve("scrubbed.jfr");
        long removed = Scrubber.scrub(recording, scrubbed);

        assertEquals(secrets(recording), removed);
        assertEquals(0, secrets(scrubbed));
        assertEquals(others, RecordingFile.readAllEvents(scrubbed).size());
    }

    @Test
    void scrubsInPlace() throws IOException {
        Path copy = Files.copy(Recordings.inProcess("in-place", "profile", 1), dir.resolve("copy.jfr"));
        Scrubber.scrubInPlace(copy);
        assertEquals(0, secrets(copy));
        assertEquals(List.of(), Files.list(dir).filter(p -> p.getFileName().toString().startsWith(".scrub-")).toList());
    }

    private static long secrets(Path file) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        return events.stream().filter(e -> Scrubber.SECRET_EVENTS.contains(e.getEventType().getName())).count();
    }
}
