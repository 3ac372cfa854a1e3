package dev.blocklab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.testing.Json;
import dev.blocklab.testing.TestDownstreams;
import dev.blocklab.testing.TestServer;
import dev.blocklab.vocabulary.Variant;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real PostgreSQL stalled (another session holds a lock the route's lookup needs), and every pool overloaded ten
 * times over: each variant answers within its timeouts, with an error it names or the answer, and keeps serving.
 */
@ExtendWith(TestDownstreams.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StallAndOverloadTest {
    private static final String SMALL_POOLS = "--worker-threads=4";

    @ParameterizedTest
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_NONE, names = "PY_.*") // the JVM server's variants
    void aStalledDatabaseEndsInAnErrorWithinTheTimeoutNotAHang(Variant variant, TestDownstreams.Running downstreams) throws Exception {
        try (TestServer server = TestServer.start(variant, downstreams, "--timeout-slack-ms=1000");
                Connection blocker = DriverManager.getConnection(downstreams.pgUrl(), downstreams.pgUser(), downstreams.pgPassword());
                Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // The route's indexed lookup reads items: an exclusive lock held by another session makes it wait forever.
            lock.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            HttpResponse<String> stalled = server.get("/io/db?ms=10");
            double seconds = (System.nanoTime() - start) / 1e9;
            blocker.rollback();

            assertTrue(Set.of(503, 504).contains(stalled.statusCode()), stalled.statusCode() + " " + stalled.body());
            assertTrue(Json.parse(stalled.body()).get("error").asText().length() > 0, stalled.body());
            // 10 ms asked, 1 s of slack: the query timeout rounds up to whole seconds. Far under the client's 30 s.
            assertTrue(seconds < 10, "answered after " + seconds + " s");
            assertEquals(200, server.get("/io/db?ms=10").statusCode(), "the lock released, the route works again");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_NONE, names = "PY_.*") // the JVM server's variants
    void tenTimesEveryPoolIsAnsweredOrShedAndTheServerKeepsServing(Variant variant, TestDownstreams.Running downstreams) throws Exception {
        // Pools of 4 (workers, offload threads, HTTP connections) and 2 database connections, 40 slow requests at once.
        try (TestServer server = TestServer.start(variant, downstreams, SMALL_POOLS, "--offload-threads=4", "--http-connections=4",
                "--db-pool=2", "--timeout-slack-ms=2000")) {
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(server.getAsync(i % 2 == 0 ? "/io/http?ms=200" : "/io/db?ms=200"));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : burst) {
                statuses.add(answer.get(60, TimeUnit.SECONDS).statusCode());
            }
            assertTrue(statuses.stream().allMatch(s -> Set.of(200, 502, 503, 504).contains(s)), statuses.toString());
            assertTrue(statuses.contains(200), "some of the burst is served: " + statuses);
            // Nothing leaked: every pool slot came back, so one request of each kind is served at once afterwards.
            assertEquals(200, server.get(Routes.FAST).statusCode());
            assertEquals(200, server.get("/io/http?ms=10").statusCode());
            assertEquals(200, server.get("/io/db?ms=10").statusCode());
        }
    }
}
