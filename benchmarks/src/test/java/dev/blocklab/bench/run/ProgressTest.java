package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theTimeLeftIsTheCellsOwnEstimatesScaledByHowTheFinishedOnesWent() {
        Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream()), List.of(seconds(10), seconds(10), seconds(40)));
        assertEquals(seconds(60), progress.left(Duration.ZERO), "before any cell: the estimates");
        progress.finished("a", "ok", "");
        // The first cell took twice its estimate: the 50 s left are expected to take 100.
        assertEquals(seconds(100), progress.left(seconds(20)));
        progress.finished("b", "ok", "");
        assertEquals(seconds(40), progress.left(seconds(20)), "two cells on time: the long last one as estimated");
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
