package dev.blocklab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The generator's self-check: late by more than a tenth of D (never less than 5 ms) is the harness's limit, not the server's. */
class OpenLoadTest {
    private static OpenLoad lag(double p99Ms) {
        return new OpenLoad(160, 16, 32, 1000, 990, 10, p99Ms, p99Ms + 1, new java.util.TreeMap<>(java.util.Map.of("HTTP 503", 2L)));
    }

    @Test
    void aGeneratorLateByMoreThanATenthOfTheDelayLimitsTheCell() {
        assertEquals(Optional.empty(), lag(9.9).harnessLimit(100));
        assertTrue(lag(10.1).harnessLimit(100).orElseThrow().contains("dispatch lag p99 10.1 ms, over 10 ms"));
        assertEquals(Optional.empty(), lag(4.9).harnessLimit(10), "never stricter than 5 ms: a scheduler slice on shared cores");
        assertTrue(lag(5.1).harnessLimit(10).isPresent());
        assertEquals(Optional.empty(), lag(250).harnessLimit(2560));
    }

    @Test
    void forksAddUpAndKeepTheWorstLag() {
        OpenLoad both = lag(3).plus(lag(12));
        assertEquals(2000, both.due());
        assertEquals(20, both.refused());
        assertEquals(0.01, both.refusedShare(), 1e-12);
        assertEquals(12, both.dispatchLagP99Ms());
        assertEquals(java.util.Map.of("HTTP 503", 4L), both.failures());
    }
}
