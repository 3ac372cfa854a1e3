package dev.blocklab.backend;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed amount of CPU work: SHA-256 rounds, as many as take one millisecond of one idle core on this machine,
 * measured once at start on a platform thread (a virtual thread's CPU time cannot be read). Work, not time: on a busy
 * machine the same request takes longer, which is what CPU-bound handlers do. No client, blocking or not, can wait
 * this out for the thread: only another core can.
 */
public final class CpuWork {
    private static final byte[] BLOCK = new byte[1024];
    private static final long ROUNDS_PER_MS = calibrate();

    private CpuWork() {}

    /** Burns about {@code ms} milliseconds of one core on the calling thread; returns a digest byte so nothing is optimised away. */
    public static int burn(int ms) {
        return rounds(ROUNDS_PER_MS * ms);
    }

    public static long roundsPerMs() {
        return ROUNDS_PER_MS;
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

    /** Rounds per CPU millisecond: the best of a few 20 ms samples (warm JIT; a preempted sample only counts less). */
    private static long calibrate() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        rounds(20_000); // JIT
        long best = 1;
        for (int sample = 0; sample < 5; sample++) {
            long start = threads.getCurrentThreadCpuTime();
            long done = 0;
            while (threads.getCurrentThreadCpuTime() - start < 20_000_000L) {
                rounds(200);
                done += 200;
            }
            best = Math.max(best, done * 1_000_000L / (threads.getCurrentThreadCpuTime() - start));
        }
        return best;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
