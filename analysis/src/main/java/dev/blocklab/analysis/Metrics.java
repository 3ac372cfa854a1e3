package dev.blocklab.analysis;

import dev.blocklab.vocabulary.ServerEvents;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedThread;

/**
 * The scalar metrics, declared as data in the manner of the {@code jfr} tool's {@code view.ini}: one row per
 * metric says which event it reads, which value and which statistics of it. An event counts when it starts in the
 * window, or when it ends there for a row {@linkplain Metric#byEnd() counted by its end}. To add a metric, add a row; the
 * JSON, the text and the missing-events check follow.
 */
public final class Metrics {
    /** The statistics a row reports. */
    public enum Stat { COUNT, TOTAL, MEAN, MAX, PER_SECOND }

    /**
     * One metric: {@code value} of every {@code event} that passes {@code filter}.
     *
     * @param byEnd whether an event counts when it ends in the window rather than when it starts there: a rate of work
     *     finished, such as calls completed per second, whose calls may have waited in a queue since before the window
     */
    public record Metric(String id, String label, String event, String unit, Set<Stat> stats,
            Predicate<RecordedEvent> filter, ToDoubleFunction<RecordedEvent> value, boolean byEnd) {
        Metric(String id, String label, String event, String unit, Set<Stat> stats, Predicate<RecordedEvent> filter,
                ToDoubleFunction<RecordedEvent> value) {
            this(id, label, event, unit, stats, filter, value, false);
        }
    }

    private static final double MS = 1e-6;

    public static final List<Metric> ALL = List.of(
            row("threads.peakLive", "peak live platform threads", "jdk.JavaThreadStatistics", "threads",
                    EnumSet.of(Stat.MAX), e -> e.getLong("peakCount")),
            new Metric("threads.started", "platform threads started", "jdk.ThreadStart", "threads",
                    EnumSet.of(Stat.COUNT), e -> !isVirtual(e.getThread("thread")), e -> 1),
            row("threads.virtualStarted", "virtual threads started", "jdk.VirtualThreadStart", "threads",
                    EnumSet.of(Stat.COUNT), e -> 1),
            row("threads.virtualPinned", "virtual threads pinned", "jdk.VirtualThreadPinned", "ms",
                    EnumSet.of(Stat.COUNT, Stat.TOTAL, Stat.MAX), e -> e.getDuration().toNanos() * MS),
            row("cpu.jvmUser", "CPU, JVM user", "jdk.CPULoad", "fraction",
                    EnumSet.of(Stat.MEAN, Stat.MAX), e -> e.getFloat("jvmUser")),
            row("cpu.jvmSystem", "CPU, JVM system", "jdk.CPULoad", "fraction",
                    EnumSet.of(Stat.MEAN, Stat.MAX), e -> e.getFloat("jvmSystem")),
            row("cpu.machineTotal", "CPU, machine total", "jdk.CPULoad", "fraction",
                    EnumSet.of(Stat.MEAN, Stat.MAX), e -> e.getFloat("machineTotal")),
            row("gc.pauses", "GC pauses", "jdk.GCPhasePause", "ms",
                    EnumSet.of(Stat.COUNT, Stat.TOTAL, Stat.MAX), e -> e.getDuration().toNanos() * MS),
            row("memory.allocated", "allocated (estimated from samples)", "jdk.ObjectAllocationSample", "bytes",
                    EnumSet.of(Stat.TOTAL, Stat.PER_SECOND), e -> e.getLong("weight")),
            new Metric("memory.heapAfterGc", "heap used after GC", "jdk.GCHeapSummary", "bytes",
                    EnumSet.of(Stat.MAX), e -> "After GC".equals(text(e, "when")), e -> e.getLong("heapUsed")),
            // blocklab's own events (ServerEvents): the slow calls the server finished successfully in the window, answered
            // in time or not (a rate of completions, so by their end: on loop-offload a call waits in the executor's queue
            // first, and a failed call, such as a wait for a connection that timed out, is no work done), and the waits for
            // a database connection.
            new Metric("server.slowCalls", "slow calls the server finished successfully", ServerEvents.SLOW_CALL, "calls",
                    EnumSet.of(Stat.COUNT, Stat.PER_SECOND), e -> e.getBoolean("succeeded"), e -> 1, true),
            row("db.connectionWait", "waits for a database connection", ServerEvents.CONNECTION_WAIT, "ms",
                    EnumSet.of(Stat.COUNT, Stat.MEAN, Stat.MAX), e -> e.getDuration().toNanos() * MS));

    private Metrics() {}

    private static Metric row(String id, String label, String event, String unit, Set<Stat> stats,
            ToDoubleFunction<RecordedEvent> value) {
        return new Metric(id, label, event, unit, stats, e -> true, value);
    }

    private static boolean isVirtual(RecordedThread thread) {
        return thread != null && thread.isVirtual();
    }

    /** A string field, also when JFR stores it as a one-field constant such as {@code jdk.types.GCWhen}. */
    private static String text(RecordedObject event, String field) {
        Object value = event.getValue(field);
        if (value instanceof RecordedObject constant) {
            return String.valueOf(constant.getValue(constant.getFields().getFirst().getName()));
        }
        return String.valueOf(value);
    }
}
