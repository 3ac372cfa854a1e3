package dev.blocklab.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Probes the fast endpoint at a constant arrival rate and times each request from its <em>intended</em>
 * start, as wrk2 does. A JMH thread stuck behind a blocked loop takes one long sample where an open-model
 * user would have sent many requests (coordinated omission); this probe counts all of them.
 */
final class OpenLoopProbe implements AutoCloseable {
    /** Up to an hour in microseconds, three significant digits. */
    private static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);

    private final URI target;
    private final long intervalNanos;
    private final LoadClient client = new LoadClient(1);
    private final Recorder recorder = new Recorder(HIGHEST_US, 3);
    private final AtomicLong errors = new AtomicLong();
    private final Thread thread;
    private volatile boolean recording;
    private volatile boolean running = true;

    OpenLoopProbe(URI target, int requestsPerSecond) {
        this.target = target;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / requestsPerSecond;
        this.thread = Thread.ofPlatform().daemon().name("open-loop-probe").start(this::run);
    }

    private void run() {
        long intended = System.nanoTime();
        while (running) {
            intended += intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean ok = client.get(target);
            if (recording) {
                // From the intended start: a request sent late because the previous one was slow is late.
                recorder.recordValue(Math.min(HIGHEST_US, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended)));
                if (!ok) {
                    errors.incrementAndGet();
                }
            }
        }
    }

    /** Starts or pauses recording; the probe keeps its pace either way. */
    void recording(boolean on) {
        recording = on;
    }

    /** Everything recorded so far, in microseconds. */
    Histogram histogram() {
        return recorder.getIntervalHistogram();
    }

    long errors() {
        return errors.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(70));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
