package dev.blocklab.bench;

import dev.blocklab.analysis.RecordingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JVM options of a server under test: a fixed heap, and a JFR recording of the whole trial. */
public final class ServerJvm {
    /** Fixed so that runs compare; recorded in the manifest. */
    public static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");

    private ServerJvm() {}

    public static List<String> options(Optional<Path> recording) {
        List<String> options = new ArrayList<>(HEAP);
        recording.ifPresent(file -> options.addAll(RecordingSettings.jvmArgs(file)));
        return options;
    }
}
