package dev.blocklab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.blocklab.results.OpenLoad;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The open-model generator against a loopback server: it keeps N in flight at N / D per second and times from the due
 * time, and against a server that never answers it stops at its cap and counts what it did not send. Wide margins: the
 * machine is shared.
 */
@Timeout(60)
class OpenSlowLoadTest {
    private static final Duration D = Duration.ofMillis(200);
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch never = new CountDownLatch(1);
    private HttpServer server;

    private URI serve(boolean answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try {
                if (answer) {
                    Thread.sleep(D);
                } else {
                    never.await();
                }
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void keepsNInFlightAtNOverDAndTimesFromTheDueTime() throws Exception {
        OpenSlowLoad load = new OpenSlowLoad(serve(true), 20, D, Duration.ofSeconds(5));
        Thread.sleep(1_000); // past the first D: the pipeline is full
        load.measuring(true);
        Thread.sleep(2_000);
        load.measuring(false);
        load.close();
        OpenLoad check = load.check();
        assertEquals(100.0, check.targetRate(), 1e-9);
        assertTrue(check.due() > 150 && check.due() < 250, "about 100/s for 2 s: " + check);
        assertTrue(check.refusedShare() < 0.05, check.toString());
        assertTrue(load.ok() > 100 && load.errors() == 0, load.ok() + " ok, " + load.errors() + " failed");
        Histogram latency = load.latency();
        assertTrue(latency.getValueAtPercentile(50) >= D.toNanos() / 1000, "every request takes at least D: " + latency.getValueAtPercentile(50));
        assertTrue(latency.getValueAtPercentile(50) < 3 * D.toNanos() / 1000, "and not three times that: " + latency.getValueAtPercentile(50));
    }

    @Test
    void aServerThatNeverAnswersMeetsTheCapAndTheRestIsNotSent() throws Exception {
        OpenSlowLoad load = new OpenSlowLoad(serve(false), 20, D, Duration.ofSeconds(3)); // no request times out in the window
        load.measuring(true);
        Thread.sleep(1_500); // 150 due; the cap (20 + 16) fills within the first 400 ms
        load.measuring(false);
        load.close();
        OpenLoad check = load.check();
        assertEquals(36, check.inFlightCap());
        assertTrue(check.sent() <= 36 + 5 && check.refused() > 80, check.toString());
        assertEquals(0, load.ok());
    }
}
