package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.blocklab.launch.Commands;
import dev.blocklab.results.Diagnosis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** py-spy's raw samples read into a diagnosis: the loop thread's waiting in route code, and where it waited. */
class PySpySummaryTest {
    private static final String LOOP = "thread (0x7F01): MainThread;<module> (blocklab_fastapi.py:400);main (blocklab_fastapi.py:390);"
            + "run (uvicorn/main.py:580);run (asyncio/runners.py:190)";
    private static final String IN_REQUESTS = LOOP + ";route (blocklab_fastapi.py:243);http (blocklab_fastapi.py:160);"
            + "get (requests/sessions.py:602);readinto (socket.py:706)";
    private static final String IN_HTTPX = LOOP + ";route (blocklab_fastapi.py:249);http (blocklab_fastapi.py:214);"
            + "get (httpx/_client.py:1768)";

    @Test
    void theLoopWaitingInRouteCodeIsBlockedAndNamesTheCall(@TempDir Path dir) throws Exception {
        // 100 samples of the loop: 70 in requests (5 of them on a CPU), 10 in httpx (all on a CPU), 20 idle in the loop.
        Path all = Files.writeString(dir.resolve("all.txt"), String.join("\n",
                IN_REQUESTS + " 70",
                IN_HTTPX + " 10",
                LOOP + " 20",
                "thread (0x7F02): AnyIO worker thread;_bootstrap (threading.py:1002);get (requests/sessions.py:602) 90",
                ""));
        Path onCpu = Files.writeString(dir.resolve("oncpu.txt"), IN_REQUESTS + " 5\n" + IN_HTTPX + " 10\n");
        Diagnosis d = PySpySummary.read(all, onCpu, "fork-1", 2.0);
        double sampleMs = 1000.0 / Diagnosis.PY_SPY_RATE;
        assertEquals(0.65, d.loopBlockedFraction().orElseThrow(), 1e-9, "65 of 100 loop samples waited in route code; other threads do not count");
        assertEquals(100 * sampleMs, d.windowMs(), 1e-9, "100 samples");
        assertEquals(65 * sampleMs, d.loopBlockedMs(), 1e-9);
        assertEquals(List.of(), d.warnings(), "the samples span the window (2 s at 50 per second)");
        assertEquals("http (blocklab_fastapi.py:160)", d.topFrame().application());
        assertEquals("get (requests/sessions.py:602)", d.topFrame().call());
        assertEquals(65, d.topFrame().count());
        assertEquals(List.of("MainThread"), d.loopThreads());
        assertEquals(1, PySpySummary.read(all, onCpu, "fork-1", 9.0).warnings().size(), "samples of 2 s against a 9 s window are said");
    }

    @Test
    void routeCodeOnACpuIsNotWaiting(@TempDir Path dir) throws Exception {
        Path all = Files.writeString(dir.resolve("all.txt"), IN_HTTPX + " 30\n" + LOOP + " 70\n");
        Path onCpu = Files.writeString(dir.resolve("oncpu.txt"), IN_HTTPX + " 30\n");
        Diagnosis d = PySpySummary.read(all, onCpu, "fork-1", 0);
        assertEquals(0.0, d.loopBlockedFraction().orElseThrow(), 1e-9);
        assertFalse(d.topFrame().present(), "nothing waited: no blocking call to name");
    }

    @Test
    void aFileThatIsNotPySpysRawFormatIsAOneLineError(@TempDir Path dir) throws Exception {
        Path all = Files.writeString(dir.resolve("all.txt"), "<svg>not raw</svg>\n");
        Path onCpu = Files.writeString(dir.resolve("oncpu.txt"), "");
        Commands.Failure e = assertThrows(Commands.Failure.class, () -> PySpySummary.read(all, onCpu, "fork-1", 0));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void noSampleOfTheLoopLeavesTheFractionEmptyAndSaysSo(@TempDir Path dir) throws Exception {
        Path all = Files.writeString(dir.resolve("all.txt"), "");
        Path onCpu = Files.writeString(dir.resolve("oncpu.txt"), "");
        Diagnosis d = PySpySummary.read(all, onCpu, "fork-1", 9.0);
        assertFalse(d.loopBlockedFraction().isPresent());
        assertEquals(1, d.warnings().size());
    }
}
