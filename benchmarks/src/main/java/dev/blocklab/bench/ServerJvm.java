package dev.blocklab.bench;

import java.nio.file.Path;
import java.util.List;

/** The JVM options of a server under test: a fixed heap, and a JFR recording of the whole trial. */
public final class ServerJvm {
    /** Fixed so that runs compare; recorded in the manifest. */
    public static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");

    private ServerJvm() {}

    static List<String> options(Path recording) {
        return java.util.stream.Stream.concat(HEAP.stream(), java.util.stream.Stream.of(
                "-XX:StartFlightRecording:" + String.join(",", RecordingOptions.forFile(recording)))).toList();
    }
}
