package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.blocklab.analysis.Analysis.EventLoop;
import dev.blocklab.analysis.Analysis.EventRow;
import dev.blocklab.analysis.Analysis.LoopThread;
import dev.blocklab.analysis.Analysis.MethodRow;
import dev.blocklab.analysis.Analysis.MetricValue;
import dev.blocklab.analysis.Analysis.MissingEvent;
import dev.blocklab.analysis.Analysis.StackRow;
import dev.blocklab.analysis.Analysis.Window;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text and JSON forms of a fixed analysis, against golden files. When a change to the output is meant, the
 * new output is in {@code target/golden-actual/}: read it, then copy it over the golden file.
 */
class RenderingTest {
    static final Analysis FIXED = fixed();

    @Test
    void text() throws IOException {
        assertGolden("analysis-golden.txt", AnalysisText.render(FIXED));
    }

    @Test
    void json() throws IOException {
        assertGolden("analysis-golden.json", AnalysisJson.toJson(FIXED));
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path written = Path.of("target", "golden-actual", name);
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual, StandardCharsets.UTF_8);
        try (InputStream golden = RenderingTest.class.getResourceAsStream(name)) {
            assertEquals(golden == null ? "(no golden file " + name + ")" : new String(golden.readAllBytes(), StandardCharsets.UTF_8),
                    actual, "differs from " + name + "; the actual output is in " + written);
        }
    }

    private static Analysis fixed() {
        EventLoop loop = new EventLoop(
                List.of(new LoopThread("XNIO-1 I/O-1", 21, 4557.5123, 0.96684), new LoopThread("XNIO-1 I/O-2", 14, 3356.64, 0.71208)),
                7914.1523, 0.83946,
                List.of(new EventRow("jdk.SocketRead", 26, 7898.1), new EventRow("jdk.SocketWrite", 9, 16.04)),
                List.of(new StackRow("jdk.SocketRead", "dev.blocklab.backend.BlockingBackend.get:71",
                                "org.apache.hc.client5.http.impl.classic.CloseableHttpClient.execute",
                                "org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer", 26, 7898.1),
                        new StackRow("jdk.SocketWrite", "dev.blocklab.http.JsonExchange.send:23", "io.undertow.io.AsyncSenderImpl.send",
                                "org.xnio.nio.NioSocketConduit.write", 3, 5.2)),
                4, List.of(new MethodRow("org.apache.hc.core5.http.message.HeaderGroup.getFirstHeader", 3, 0.75),
                        new MethodRow("com.fasterxml.jackson.databind.DeserializationContext.<init>", 1, 0.25)));
        List<MetricValue> metrics = List.of(
                new MetricValue("threads.peakLive", "peak live platform threads", "threads", "jdk.JavaThreadStatistics", true, 4, null, null, 15.0, null),
                new MetricValue("threads.virtualStarted", "virtual threads started", "threads", "jdk.VirtualThreadStart", false, 0, null, null, null, null),
                new MetricValue("cpu.jvmUser", "CPU, JVM user", "fraction", "jdk.CPULoad", true, 4, null, 0.03512, 0.08, null),
                new MetricValue("gc.pauses", "GC pauses", "ms", "jdk.GCPhasePause", true, 3, 74.4321, null, 65.2, null),
                new MetricValue("memory.allocated", "allocated (estimated from samples)", "bytes", "jdk.ObjectAllocationSample", true, 5, 838860.8, null, null, 177964.3));
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("jdk.CPULoad", 4L);
        counts.put("jdk.SocketRead", 26L);
        return new Analysis(Analysis.SCHEMA_VERSION, "loop-blocking.jfr", false,
                List.of("jdk.ThreadPark was recorded only from 10 ms (threshold): shorter blocking is not counted"),
                new Window("2026-11-25T08:55:40.862308556Z", "2026-11-25T08:55:45.576054512Z", 4713.745956, true),
                List.of("XNIO-\\d+ I/O-\\d+"), loop, metrics, List.of(),
                List.of(new MissingEvent("jdk.VirtualThreadStart", "virtual threads started",
                        "-XX:StartFlightRecording:settings=profile,jdk.VirtualThreadStart#enabled=true")),
                counts);
    }
}
