package dev.blocklab.bench.run;

import dev.blocklab.results.Bound;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LittlesLawTest {
    private static final Map<String, Integer> POOLS = Map.of("ioThreads", 2, "workerThreads", 64, "offloadThreads", 32,
            "dbPool", 16, "httpConnections", 64);

    @Test
    void blockedLoopIsBoundByItsIoThreads() {
        Bound bound = LittlesLaw.of(CellId.mixed(Variant.LOOP_BLOCKING, Scenario.HTTP, 100, 16), POOLS);
        assertEquals(20.0, bound.throughput(), 1e-9);
        assertEquals("ioThreads", bound.limitedBy());
    }

    @Test
    void asyncDatabaseIsBoundByThePool() {
        Bound bound = LittlesLaw.of(CellId.mixed(Variant.LOOP_ASYNC, Scenario.DB, 100, 256), POOLS);
        assertEquals(160.0, bound.throughput(), 1e-9);
        assertEquals("dbPool", bound.limitedBy());
    }

    @Test
    void offloadIsBoundByItsExecutorNotItsIoThreads() {
        Bound bound = LittlesLaw.of(CellId.mixed(Variant.LOOP_OFFLOAD, Scenario.HTTP, 100, 256), POOLS);
        assertEquals(320.0, bound.throughput(), 1e-9);
        assertEquals("offloadThreads", bound.limitedBy());
    }

    @Test
    void mixedRouteHoldsARequestForTwiceTheDelay() {
        Bound bound = LittlesLaw.of(CellId.mixed(Variant.PLATFORM, Scenario.MIXED, 100, 4), POOLS);
        assertEquals(20.0, bound.throughput(), 1e-9);
        assertEquals("slowThreads", bound.limitedBy());
    }

    @Test
    void virtualThreadsAreBoundByClientsOrDownstreamsOnly() {
        Bound bound = LittlesLaw.of(CellId.mixed(Variant.VIRTUAL, Scenario.HTTP, 50, 1024), POOLS);
        assertEquals(1280.0, bound.throughput(), 1e-9);
        assertEquals("httpConnections", bound.limitedBy());
    }
}
