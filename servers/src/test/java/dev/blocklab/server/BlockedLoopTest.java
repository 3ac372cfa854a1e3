package dev.blocklab.server;

import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.testing.TestDownstreams;
import dev.blocklab.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The seed's experiment, with wide margins: with every IO thread given slow requests, the fast endpoint of
 * {@code loop-blocking} waits for them (at least 150 ms); every other variant answers it in under 100 ms.
 */
@ExtendWith(TestDownstreams.class)
class BlockedLoopTest {
    private static final int IO_THREADS = 2;
    /** Four slow requests per IO thread, so that every IO thread gets some whichever way connections fall. */
    private static final int SLOW_REQUESTS = 4 * IO_THREADS;
    private static final int SLOW_MS = 300;

    /**
     * Every variant, waiting on the slow HTTP service, on MariaDB (its driver's socket read, the seed's MySQL row), on the
     * object store (the AWS SDK's HTTP client), on the disk (file reads past the page cache) and on nothing but a sleep (the lesson without a downstream).
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return java.util.stream.Stream.of(Scenario.HTTP, Scenario.MARIADB, Scenario.S3, Scenario.FILE, Scenario.SLEEP).flatMap(scenario -> Variant.of(dev.blocklab.vocabulary.Edition.JVM).stream()
                .map(variant -> org.junit.jupiter.params.provider.Arguments.of(variant, scenario)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("cases")
    void fastEndpointUnderSlowLoad(Variant variant, Scenario scenario, TestDownstreams.Running downstreams) throws Exception {
        try (TestServer server = TestServer.start(variant, downstreams, "--io-threads=" + IO_THREADS)) {
            warmUp(server);
            // The client's own first use (the AWS SDK's is hundreds of ms of class loading and CPU) is not the loop's waiting.
            server.get(scenario.path() + "?ms=1");
            List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, SLOW_REQUESTS)
                    .mapToObj(i -> server.getAsync(scenario.path() + "?ms=" + SLOW_MS))
                    .toList();
            Thread.sleep(100);
            long start = System.nanoTime();
            HttpResponse<String> fast = server.get(Routes.FAST);
            Duration probe = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(200, fast.statusCode());
            slow.forEach(call -> assertEquals(200, call.join().statusCode()));

            if (variant == Variant.LOOP_BLOCKING) {
                assertTrue(probe.toMillis() >= 150, "a blocked loop answered / in " + probe.toMillis() + " ms");
            } else {
                assertTrue(probe.toMillis() < 100, variant + " answered / in " + probe.toMillis() + " ms under slow load");
            }
        }
    }

    /**
     * CPU work is where async clients do not help: on {@code loop-async} too it runs on the event loop, and {@code GET /}
     * waits behind it. One IO thread, so that {@code GET /} shares the loop with every slow request: with two, XNIO lets
     * whichever loop is free accept a new connection, and the probe's connection could land on a loop with no work left.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = Variant.class, names = {"LOOP_BLOCKING", "LOOP_ASYNC"})
    void cpuWorkStallsTheEventLoopWhateverTheClients(Variant variant, TestDownstreams.Running downstreams) throws Exception {
        try (TestServer server = TestServer.start(variant, downstreams, "--io-threads=1")) {
            warmUp(server);
            // A second of work each: the margin holds even where the rate was measured before the JIT's fast SHA-256 (CpuWork).
            List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, 4)
                    .mapToObj(i -> server.getAsync(Scenario.CPU.path() + "?ms=1000"))
                    .toList();
            Thread.sleep(100);
            long start = System.nanoTime();
            assertEquals(200, server.get(Routes.FAST).statusCode());
            Duration probe = Duration.ofNanos(System.nanoTime() - start);
            slow.forEach(call -> assertEquals(200, call.join().statusCode()));
            assertTrue(probe.toMillis() >= 150, variant + ": a loop busy with CPU work answered / in " + probe.toMillis() + " ms");
        }
    }

    /**
     * The first requests of a fresh JVM pay for class loading and JIT; keep that out of the probe. Concurrent requests too,
     * so that the client holds open connections for the slow ones: else their connects can trail the probe, which then
     * finds an idle loop (seen in the CPU case: GET / in 30 ms).
     */
    private static void warmUp(TestServer server) throws Exception {
        for (int i = 0; i < 20; i++) {
            server.get(Routes.FAST);
        }
        IntStream.range(0, SLOW_REQUESTS + 2).mapToObj(i -> server.getAsync(Routes.FAST)).toList().forEach(CompletableFuture::join);
        server.get(Scenario.HTTP.path() + "?ms=1");
    }
}
