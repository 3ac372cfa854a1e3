package dev.blocklab.bench;

import java.nio.file.Path;
import java.util.List;

/** Placeholder until the analysis module's recording settings land. */
final class RecordingOptions {
    private RecordingOptions() {}

    static List<String> forFile(Path file) {
        return List.of("settings=profile", "filename=" + file.toAbsolutePath(), "dumponexit=true",
                "jdk.InitialEnvironmentVariable#enabled=false", "jdk.InitialSystemProperty#enabled=false",
                "jdk.SystemProcess#enabled=false", "jdk.JVMInformation#enabled=false",
                "jdk.SocketRead#threshold=1 ms", "jdk.SocketWrite#threshold=1 ms", "jdk.ThreadPark#threshold=1 ms");
    }
}
