package dev.blocklab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Probes the fast endpoint as an open model does: requests leave at a constant rate whether or not the
 * earlier ones have been answered (each on its own connection when needed), and each is timed from its
 * <em>intended</em> start, as wrk2 does. A JMH thread stuck behind a blocked loop takes one long sample
 * where open-model users would have sent many requests (coordinated omission); this probe counts them all.
 */
final class OpenLoopProbe implements AutoCloseable {
    /** Up to an hour in microseconds, three significant digits. */
    private static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);
    /**
     * Requests in flight beyond this are not sent: they count as refused, and the percentiles become lower
     * bounds. Above what the request budget lets pile up (5 s at 1,000/s: 5,000).
     */
    static final int MAX_IN_FLIGHT = 8_000;

    private final HttpRequest request;
    private final Duration deadline;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Recorder recorder = new Recorder(HIGHEST_US, 3);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConstantRate schedule;
    private volatile boolean recording;

    /** @param deadline how long a probe request may take before it counts as failed (its latency is then that long) */
    OpenLoopProbe(URI target, int requestsPerSecond, Duration deadline) {
        this.deadline = deadline;
        this.request = HttpRequest.newBuilder(target).timeout(deadline).build();
        this.schedule = new ConstantRate("open-loop-probe", TimeUnit.SECONDS.toNanos(1) / requestsPerSecond, due -> send(due, recording));
    }

    private void send(long intended, boolean measured) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            if (measured) {
                refused.incrementAndGet();
            }
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (measured) {
                // From the intended start: a request that waited behind a stalled server is late by that much.
                recorder.recordValue(Math.min(HIGHEST_US, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended)));
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
            }
            inFlight.decrementAndGet();
        });
    }

    /** Starts or stops recording the requests that are due from now on; the probe keeps its pace either way. */
    void recording(boolean on) {
        recording = on;
    }

    /** Everything recorded, in microseconds; call after {@link #close()} so that late answers are in. */
    Histogram histogram() {
        return recorder.getIntervalHistogram();
    }

    long errors() {
        return errors.get();
    }

    /** Measured requests never sent because too many were in flight; their latencies are missing. */
    long refused() {
        return refused.get();
    }

    /** Stops sending and waits for the requests in flight (each has its deadline) to be answered. */
    @Override
    public void close() {
        schedule.stopAndDrain(inFlight, deadline.plusSeconds(5));
        client.close();
    }
}
