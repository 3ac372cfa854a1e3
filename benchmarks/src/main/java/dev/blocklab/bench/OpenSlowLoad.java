package dev.blocklab.bench;

import dev.blocklab.results.OpenLoad;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
    /** Every thread of the generator's is named so: the pacer and the engine's event loops. */
    private static final String THREADS = "open-slow-load";

    private final Request request;
    private final int target;
    private final int cap;
    private final double rate;
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
    private final ConcurrentMap<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests due in a window and not yet answered: at {@link #close()}, what is left failed as unanswered. */
    private final AtomicInteger measuredInFlight = new AtomicInteger();
    private final ConstantRate schedule;
    private volatile boolean measuring;
    private volatile boolean closed;
    private final ThreadCpu cpu = new ThreadCpu(THREADS);
    /** The generator's own threads' CPU over the windows, and at the current window's start; guarded by {@link #cpu}. */
    private long cpuNanos;
    private long cpuAtStart;

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
        this.deadline = deadline;
        this.client = Dsl.asyncHttpClient(Dsl.config()
                .setThreadPoolName(THREADS)
                .setMaxConnections(-1)
                .setConnectTimeout(Duration.ofSeconds(5))
                .setRequestTimeout(deadline)
                .setReadTimeout(deadline)
                .setKeepAlive(true)
                // A retried request would be offered twice and timed once: every attempt counts as the server's answer.
                .setMaxRequestRetry(0)
                // No idle-connection sweeper: under constant load nothing idles, and the sweeper's timer task, racing
                // close(), printed a stack trace into the run's console ("cannot be started once stopped").
                .setPooledConnectionIdleTimeout(Duration.ZERO)
                .setTcpNoDelay(true));
        this.request = Dsl.get(uri.toString()).build();
        this.schedule = new ConstantRate(THREADS + "-pacer", delay.toNanos() / target, due -> send(due, measuring));
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
                            fail(failure, 1);
                        }
                    }
                }
            }
            inFlight.decrementAndGet();
        }
    }

    private void fail(String failure, int requests) {
        errors.addAndGet(requests);
        failures.computeIfAbsent(failure, f -> new LongAdder()).add(requests);
    }

    /** Starts or stops the measurement window for the requests due from now on; the pace never changes. */
    void measuring(boolean on) {
        if (ThreadCpu.supported()) {
            long now = cpu.nanos();
            synchronized (cpu) {
                if (on && !measuring) {
                    cpuAtStart = now;
                } else if (!on && measuring) {
                    // A thread that ended meanwhile took its time with it: never less than nothing.
                    cpuNanos += Math.max(0, now - cpuAtStart);
                }
            }
        }
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
        SortedMap<String, Long> failed = new TreeMap<>();
        failures.forEach((what, n) -> failed.put(what, n.sum()));
        return new OpenLoad(rate, target, cap, due.get(), sent.get(), refused.get(),
                dispatchLag.getIntervalHistogram().getValueAtPercentile(99) / 1000.0, sendLag.getIntervalHistogram().getValueAtPercentile(99) / 1000.0,
                failed, ThreadCpu.supported() ? OptionalDouble.of(cpuMillis()) : OptionalDouble.empty());
    }

    private double cpuMillis() {
        synchronized (cpu) {
            return cpuNanos / 1e6;
        }
    }

    /**
     * Stops offering load and gives the requests in flight their deadline (and a second for the engine's timer) at most;
     * a request due in a window that is still unanswered then counts as failed, "unanswered at close" (its latency is
     * not known, so it has none).
     */
    @Override
    public void close() {
        try {
            schedule.stopAndDrain(inFlight, deadline.plusSeconds(1));
        } finally {
            synchronized (this) {
                closed = true;
                int unanswered = measuredInFlight.getAndSet(0);
                if (unanswered > 0) {
                    fail("unanswered at close", unanswered);
                }
            }
            try {
                client.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
