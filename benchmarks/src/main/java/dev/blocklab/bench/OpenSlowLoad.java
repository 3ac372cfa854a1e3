package dev.blocklab.bench;

import dev.blocklab.results.OpenLoad;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.asynchttpclient.AsyncHandler;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.HttpResponseBodyPart;
import org.asynchttpclient.HttpResponseStatus;
import org.asynchttpclient.Request;
import org.asynchttpclient.netty.request.NettyRequest;

/**
 * The slow load as an open model: N requests in flight are offered as a constant arrival rate λ = N / D (Little's
 * law), each request due at its slot whether or not earlier ones were answered, and timed from that due time as wrk2
 * does, so a server that falls behind is charged for the wait it caused (no coordinated omission). One pacer thread
 * and Netty's event loops (async-http-client) carry thousands of requests; closed-loop JMH threads would need a thread
 * per request in flight and measure the load generator's scheduling as much as the server.
 *
 * <p>The generator checks itself ({@link OpenLoad}): how late it handed requests to the engine, and how many it did not
 * send because {@code cap} were in flight already (a server that keeps up never reaches the cap). Every figure counts the
 * requests due during the measurement windows, whenever they are answered (within their deadline): throughput is
 * those answered well per second of window, and the ramp's requests, due before the windows, count for nothing.
 */
public final class OpenSlowLoad implements AutoCloseable {
    private static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);

    private final Request request;
    private final int target;
    private final int cap;
    private final double rate;
    private final long intervalNanos;
    private final Duration deadline;
    private final AsyncHttpClient client;
    private final Recorder latency = new Recorder(HIGHEST_US, 3);
    private final Recorder dispatchLag = new Recorder(HIGHEST_US, 3);
    private final Recorder sendLag = new Recorder(HIGHEST_US, 3);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests due in a window and not yet answered: at {@link #close()}, what is left failed as unanswered. */
    private final AtomicInteger measuredInFlight = new AtomicInteger();
    private volatile boolean closed;
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.LongAdder> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread pacer;
    private volatile boolean measuring;
    private volatile boolean running = true;

    /**
     * @param target requests to keep in flight, N
     * @param delay how long one request of the slow route waits downstream (D, or 2 D in the mixed scenario): requests
     *     are due every delay / N
     * @param deadline how long one request may take before it counts as failed (the cell's time budget for it)
     */
    OpenSlowLoad(URI uri, int target, Duration delay, Duration deadline) {
        this.target = target;
        this.cap = OpenLoad.capFor(target);
        this.rate = target / (delay.toNanos() / 1e9);
        this.intervalNanos = delay.toNanos() / target;
        this.deadline = deadline;
        this.client = Dsl.asyncHttpClient(Dsl.config()
                .setThreadPoolName("open-slow-load")
                .setMaxConnections(-1)
                .setConnectTimeout(Duration.ofSeconds(5))
                .setRequestTimeout(deadline)
                .setReadTimeout(deadline)
                .setKeepAlive(true)
                // A retried request would be offered twice and timed once: every attempt counts as the server's answer.
                .setMaxRequestRetry(0)
                .setTcpNoDelay(true));
        this.request = Dsl.get(uri.toString()).build();
        this.pacer = Thread.ofPlatform().daemon().name("open-slow-load-pacer").start(this::pace);
    }



    private void pace() {
        long dueAt = System.nanoTime();
        while (running) {
            dueAt += intervalNanos;
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(dueAt, measuring);
        }
    }

    private void send(long dueAt, boolean measured) {
        if (measured) {
            due.incrementAndGet();
        }
        if (inFlight.incrementAndGet() > cap) {
            inFlight.decrementAndGet();
            if (measured) {
                refused.incrementAndGet();
            }
            return;
        }
        if (measured) {
            measuredInFlight.incrementAndGet();
        }
        client.executeRequest(request, new Handler(dueAt, measured));
        if (measured) {
            sent.incrementAndGet();
            dispatchLag.recordValue(micros(System.nanoTime() - dueAt));
        }
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_US, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /** One request's outcome; the body is discarded as it arrives. */
    private final class Handler implements AsyncHandler<Void> {
        private final long dueAt;
        private final boolean measured;
        private int status;

        Handler(long dueAt, boolean measured) {
            this.dueAt = dueAt;
            this.measured = measured;
        }

        @Override
        public void onRequestSend(NettyRequest nettyRequest) {
            if (measured) {
                sendLag.recordValue(micros(System.nanoTime() - dueAt));
            }
        }

        @Override
        public State onStatusReceived(HttpResponseStatus responseStatus) {
            status = responseStatus.getStatusCode();
            return State.CONTINUE;
        }

        @Override
        public State onHeadersReceived(HttpHeaders headers) {
            return State.CONTINUE;
        }

        @Override
        public State onBodyPartReceived(HttpResponseBodyPart bodyPart) {
            return State.CONTINUE;
        }

        @Override
        public void onThrowable(Throwable t) {
            done(t.getClass().getSimpleName());
        }

        @Override
        public Void onCompleted() {
            done(status == 200 ? null : "HTTP " + status);
            return null;
        }

        /** @param failure what failed, or null for a success */
        private void done(String failure) {
            // After close, what was still in flight has been counted as unanswered; the engine's late failures are not news.
            if (measured) {
                synchronized (OpenSlowLoad.this) {
                    if (!closed) {
                        measuredInFlight.decrementAndGet();
                        latency.recordValue(micros(System.nanoTime() - dueAt));
                        if (failure == null) {
                            ok.incrementAndGet();
                        } else {
                            fail(failure);
                        }
                    }
                }
            }
            inFlight.decrementAndGet();
        }
    }

    private void fail(String failure) {
        errors.incrementAndGet();
        failures.computeIfAbsent(failure, f -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /** Starts or stops the measurement window for the requests due from now on; the pace never changes. */
    void measuring(boolean on) {
        measuring = on;
    }

    long ok() {
        return ok.get();
    }

    long errors() {
        return errors.get();
    }

    /** Latencies of the requests due in the windows, microseconds; call after {@link #close()}. */
    Histogram latency() {
        return latency.getIntervalHistogram();
    }

    OpenLoad check() {
        java.util.SortedMap<String, Long> failed = new java.util.TreeMap<>();
        failures.forEach((what, n) -> failed.put(what, n.sum()));
        return new OpenLoad(rate, target, cap, due.get(), sent.get(), refused.get(),
                dispatchLag.getIntervalHistogram().getValueAtPercentile(99) / 1000.0, sendLag.getIntervalHistogram().getValueAtPercentile(99) / 1000.0,
                failed);
    }

    /**
     * Stops offering load and gives the requests in flight their deadline (and a second for the engine's timer) at most;
     * a request due in a window that is still unanswered then counts as failed, "unanswered at close" (its latency is
     * not known, so it has none).
     */
    @Override
    public void close() {
        running = false;
        try {
            pacer.join(TimeUnit.SECONDS.toMillis(5));
            long end = System.nanoTime() + deadline.toNanos() + TimeUnit.SECONDS.toNanos(1);
            while (inFlight.get() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                closed = true;
                for (int i = measuredInFlight.getAndSet(0); i > 0; i--) {
                    fail("unanswered at close");
                }
            }
            try {
                client.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
