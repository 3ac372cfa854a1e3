package dev.blocklab.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The schedule of an open model, as wrk2 keeps it: a thread that hands {@code send} one due time every interval, whether
 * or not earlier requests were answered. A thread that wakes late sends what fell due at once, each with its own due
 * time, so the lateness is charged to the latencies timed from it rather than lost.
 */
final class ConstantRate {
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts sending: the first request is due one interval from now. */
    ConstantRate(String name, long intervalNanos, LongConsumer send) {
        this.thread = Thread.ofPlatform().daemon().name(name).start(() -> {
            long due = System.nanoTime();
            while (running) {
                due += intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send.accept(due);
            }
        });
    }

    /**
     * Stops sending, then waits until nothing is {@code inFlight} or {@code atMost} has passed. Interrupted, it returns at
     * once with the thread's interrupt flag set.
     */
    void stopAndDrain(AtomicInteger inFlight, Duration atMost) {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            long end = System.nanoTime() + atMost.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
