package dev.blocklab.backend;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed amount of CPU work: SHA-256 rounds, as many as take one millisecond of one idle core on this machine,
 * measured on a platform thread (a virtual thread's CPU time cannot be read), the same rounds whatever the variant. Work,
 * not time: on a busy machine the same request takes longer, which is what CPU-bound handlers do. No client, blocking or
 * not, can wait this out for the thread: only another core can.
 *
 * <p>Measured at start, then again 0.5, 1, 2, 4 and 8 s after the first request that burns (20 ms samples each, on a
 * daemon thread), keeping the fastest: the JIT compiles SHA-256 to its fast form in the background, later on a busy
 * machine, and a rate taken before that makes every "ms" of work several times shorter (a test saw 1,200 ms of work end
 * in under 100). Only a server that serves CPU work re-measures: every other cell's windows stay free of it.
 */
public final class CpuWork {
    private static final byte[] BLOCK = new byte[1024];
    private static volatile long roundsPerMs = calibrate();
    private static final AtomicBoolean REMEASURING = new AtomicBoolean();

    private static void remeasure() {
        Thread.ofPlatform().daemon().name("cpu-work-calibration").start(() -> {
            for (long wait : new long[] {500, 500, 1000, 2000, 4000}) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
                roundsPerMs = Math.max(roundsPerMs, sample(ManagementFactory.getThreadMXBean()));
            }
        });
    }

    private CpuWork() {}

    /** Burns about {@code ms} milliseconds of one core on the calling thread; returns a digest byte so nothing is optimised away. */
    public static int burn(int ms) {
        if (!REMEASURING.get() && REMEASURING.compareAndSet(false, true)) {
            remeasure();
        }
        return rounds(roundsPerMs * ms);
    }

    public static long roundsPerMs() {
        return roundsPerMs;
    }

    private static int rounds(long rounds) {
        MessageDigest sha = sha256();
        byte[] digest = BLOCK;
        for (long i = 0; i < rounds; i++) {
            sha.update(digest);
            digest = sha.digest();
        }
        return digest[0];
    }

    /** Rounds per CPU millisecond: after 300 ms of warm-up, the best 20 ms sample once five in a row brought no gain over 3%. */
    private static long calibrate() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUp = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - warmUp < 300_000_000L) {
            rounds(200);
        }
        long best = 1;
        int withoutGain = 0;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (withoutGain < 5 && System.nanoTime() < deadline) {
            long rate = sample(threads);
            withoutGain = rate > best * 1.03 ? 0 : withoutGain + 1;
            best = Math.max(best, rate);
        }
        return best;
    }

    /** Rounds per CPU millisecond over one 20 ms sample of this thread's CPU time (a preempted sample only counts less). */
    private static long sample(ThreadMXBean threads) {
        long start = threads.getCurrentThreadCpuTime();
        long done = 0;
        while (threads.getCurrentThreadCpuTime() - start < 20_000_000L) {
            rounds(200);
            done += 200;
        }
        return done * 1_000_000L / (threads.getCurrentThreadCpuTime() - start);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
