package dev.blocklab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of this JVM's threads whose names start with a prefix: the load generator's own threads (its pacer and
 * async-http-client's event loops), apart from what shares their JVM (JMH's threads, the probe, the JIT and GC). A thread
 * that ends between two readings takes its time with it; the generator's threads live as long as it does.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String prefix;

    ThreadCpu(String prefix) {
        this.prefix = prefix;
    }

    /** Whether this JVM can measure a thread's CPU time; where it cannot, the generator's cost goes unmeasured. */
    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** The threads' CPU time now, nanoseconds. */
    long nanos() {
        long total = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
            if (thread != null && thread.getThreadName().startsWith(prefix)) {
                total += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }
}
