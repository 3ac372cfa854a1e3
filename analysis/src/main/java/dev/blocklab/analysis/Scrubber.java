package dev.blocklab.analysis;

import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import jdk.jfr.consumer.RecordingFile;

/**
 * Removes the events that can carry secrets from a recording before it is published, as
 * {@code jfr scrub --exclude-events} does, through the JDK's {@link RecordingFile#write} API. blocklab records
 * with these events off ({@link RecordingSettings}); scrubbing makes sure of it for any recording.
 */
public final class Scrubber {
    /** Environment variables, system properties, process command lines, and the JVM's own command line. */
    public static final Set<String> SECRET_EVENTS = Set.of(
            "jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty", "jdk.SystemProcess", "jdk.ProcessStart",
            "jdk.JVMInformation");

    private Scrubber() {}

    /**
     * Writes {@code source} without {@link #SECRET_EVENTS} to {@code target}; they may be the same file.
     *
     * @return the number of events removed
     * @throws Commands.Failure when the source cannot be read or the target written
     */
    public static long scrub(Path source, Path target) {
        ChunkLayout.of(source);
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, ".scrub-", ".jfr");
            long[] removed = {0};
            try {
                try (RecordingFile recording = new RecordingFile(source)) {
                    recording.write(temporary, event -> {
                        boolean secret = SECRET_EVENTS.contains(event.getEventType().getName());
                        removed[0] += secret ? 1 : 0;
                        return !secret;
                    });
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return removed[0];
        } catch (IOException | RuntimeException e) {
            if (e instanceof Commands.Failure failure) {
                throw failure;
            }
            throw new Commands.Failure("cannot scrub " + source + ": " + e.getMessage());
        }
    }

    /** Scrubs {@code recording} in place. */
    public static long scrubInPlace(Path recording) {
        return scrub(recording, recording);
    }
}
