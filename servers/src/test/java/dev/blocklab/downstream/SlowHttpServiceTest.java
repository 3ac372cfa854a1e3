package dev.blocklab.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.testing.Json;
import dev.blocklab.testing.TestDownstreams;
import dev.blocklab.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDownstreams.class)
class SlowHttpServiceTest {
    private static final int REQUESTS = 2_000;
    private static final int DELAY_MS = 200;

    /** A timer, not a sleeping thread: 2,000 pending requests of 200 ms all finish in well under 2 s. */
    @Test
    void holdsTwoThousandConcurrentRequests(TestDownstreams.Running downstreams) {
        // A first round opens the 2,000 connections and warms both JVMs up; the second is the one timed.
        concurrently(downstreams, 1);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = concurrently(downstreams, DELAY_MS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("slow service: " + REQUESTS + " concurrent requests of " + DELAY_MS + " ms answered in " + elapsed.toMillis() + " ms");

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.join().statusCode());
            assertEquals(DELAY_MS, Json.parse(call.join().body()).get("delayedMs").asInt());
        }
        assertTrue(elapsed.compareTo(Duration.ofSeconds(2)) < 0, "2,000 requests of 200 ms took " + elapsed.toMillis() + " ms");
    }

    private static List<CompletableFuture<HttpResponse<String>>> concurrently(TestDownstreams.Running downstreams, int ms) {
        HttpRequest request = HttpRequest.newBuilder(downstreams.slowUrl().resolve("/delay?ms=" + ms))
                .timeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, REQUESTS)
                .mapToObj(i -> TestServer.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        return calls;
    }

    @Test
    void refusesBadDelays(TestDownstreams.Running downstreams) throws Exception {
        for (String bad : List.of("", "?ms=abc", "?ms=-5", "?ms=60001")) {
            HttpResponse<String> response = TestServer.CLIENT.send(
                    HttpRequest.newBuilder(downstreams.slowUrl().resolve("/delay" + bad)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), bad);
            assertTrue(Json.parse(response.body()).get("error").asText().contains("ms"), response.body());
        }
    }
}
