package dev.blocklab.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Paces the fast thread: it is a probe, not a load. Unpaced, one closed-loop thread sends thousands of
 * requests per second and takes a core of a small machine from the server it is meant to observe; even at 500 a
 * second, it and the open-loop probe took more of two cores than the slow load did (measured here: client JVM 0.94
 * cores at 160 slow requests/s), so it asks 100 a second. The
 * wait happens in a per-invocation fixture, which JMH leaves out of the measured time.
 */
@State(Scope.Thread)
public class Pacing {
    /** At most one fast request per this many microseconds; 0 turns pacing off. */
    @Param({"10000"})
    public int fastIntervalUs;

    private long next;

    @Setup(Level.Invocation)
    public void awaitSlot() {
        if (fastIntervalUs == 0) {
            return;
        }
        long now = System.nanoTime();
        if (next - now > 0) {
            LockSupport.parkNanos(next - now);
            now = System.nanoTime();
        }
        // After a long request, start from now: no catch-up burst (the open-loop probe is the one that counts backlog).
        next = Math.max(next, now - TimeUnit.MICROSECONDS.toNanos(fastIntervalUs)) + TimeUnit.MICROSECONDS.toNanos(fastIntervalUs);
    }
}
