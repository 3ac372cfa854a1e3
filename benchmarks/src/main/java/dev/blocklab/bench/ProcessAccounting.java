package dev.blocklab.bench;

import dev.blocklab.results.ProcessCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * What each process of a trial spends over the measurement window only (JMH's measurement iterations; warm-up and
 * the gaps between iterations left out): CPU time from {@link ProcessHandle.Info#totalCpuDuration()}, resident memory
 * and threads sampled from {@code /proc/<pid>/status} every {@link #SAMPLE}, and the machine's busy share from
 * {@code /proc/stat}. On a machine without {@code /proc} the memory, threads and machine figures stay empty.
 *
 * <p>Processes are looked up by role at every snapshot and their CPU is taken per process, so PostgreSQL's backends,
 * which come and go, are counted: one started inside an iteration whole, one that exits inside it not at all (a lower
 * bound, said in the report).
 */
final class ProcessAccounting implements AutoCloseable {
    static final Duration SAMPLE = Duration.ofMillis(500);

    private final Map<String, Supplier<List<ProcessHandle>>> roles;
    private final Map<String, Long> cpuNanos = new LinkedHashMap<>();
    private final Map<String, Long> rssPeak = new LinkedHashMap<>();
    private final Map<String, Long> threadsPeak = new LinkedHashMap<>();
    /** Per role, each process's CPU time when the iteration started, by pid. */
    private Map<String, Map<Long, Long>> cpuAtStart = Map.of();
    private Optional<long[]> machineAtStart = Optional.empty();
    private long machineBusy;
    private long machineTotal;
    private final Thread sampler;
    private volatile boolean measuring;
    private volatile boolean running = true;

    /** @param roles the processes of each role ({@code server}, {@code downstreams}, {@code postgres}, {@code client}) */
    ProcessAccounting(Map<String, Supplier<List<ProcessHandle>>> roles) {
        this.roles = roles;
        roles.keySet().forEach(role -> cpuNanos.put(role, 0L));
        this.sampler = Thread.ofPlatform().daemon().name("process-cost").start(this::sample);
    }

    /** The processes a run's roles name: a pid, and everything below it. */
    static Supplier<List<ProcessHandle>> pid(long pid) {
        return () -> ProcessHandle.of(pid).stream().toList();
    }

    static Supplier<List<ProcessHandle>> withDescendants(long pid) {
        return () -> ProcessHandle.of(pid).stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())).toList();
    }

    synchronized void iterationStarts() {
        cpuAtStart = cpuNow();
        machineAtStart = machineNow();
        measuring = true;
    }

    synchronized void iterationEnds() {
        if (!measuring) {
            return;
        }
        measuring = false;
        // Per process: one born during the iteration counts whole (all its CPU is inside), one that ended is lost.
        cpuNow().forEach((role, byPid) -> byPid.forEach((pid, nanos) -> cpuNanos.merge(role,
                Math.max(0, nanos - cpuAtStart.getOrDefault(role, Map.of()).getOrDefault(pid, 0L)), Long::sum)));
        machineNow().ifPresent(end -> machineAtStart.ifPresent(start -> {
            machineBusy += end[0] - start[0];
            machineTotal += end[1] - start[1];
        }));
    }

    /** Per role: CPU over the window, peak resident memory and threads while measuring; the machine's busy share. */
    synchronized List<ProcessCost> result(double windowSeconds) {
        List<ProcessCost> costs = new ArrayList<>();
        for (String role : roles.keySet()) {
            costs.add(new ProcessCost(role, cpuNanos.get(role) / 1e6, windowSeconds > 0 ? cpuNanos.get(role) / 1e9 / windowSeconds : 0,
                    optional(rssPeak.get(role)), optional(threadsPeak.get(role))));
        }
        return costs;
    }

    /** The share of the machine's CPU time (all cores) that was busy while measuring; empty without {@code /proc/stat}. */
    synchronized java.util.OptionalDouble machineBusy() {
        return machineTotal > 0 ? java.util.OptionalDouble.of((double) machineBusy / machineTotal) : java.util.OptionalDouble.empty();
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private Map<String, Map<Long, Long>> cpuNow() {
        Map<String, Map<Long, Long>> now = new LinkedHashMap<>();
        roles.forEach((role, processes) -> {
            Map<Long, Long> byPid = new LinkedHashMap<>();
            processes.get().forEach(p -> p.info().totalCpuDuration().ifPresent(cpu -> byPid.put(p.pid(), cpu.toNanos())));
            now.put(role, byPid);
        });
        return now;
    }

    private void sample() {
        while (running) {
            if (measuring) {
                roles.forEach((role, processes) -> {
                    long rss = 0;
                    long threads = 0;
                    for (ProcessHandle p : processes.get()) {
                        Map<String, Long> status = status(p.pid());
                        rss += status.getOrDefault("VmRSS", 0L) * 1024;
                        threads += status.getOrDefault("Threads", 0L);
                    }
                    if (rss > 0) {
                        synchronized (this) {
                            if (!measuring) {
                                return; // the iteration ended while this sample was read: it is not the window's
                            }
                            rssPeak.merge(role, rss, Math::max);
                            threadsPeak.merge(role, threads, Math::max);
                        }
                    }
                });
            }
            try {
                Thread.sleep(SAMPLE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {@code VmRSS} (kB) and {@code Threads} of a process; empty when it is gone or there is no {@code /proc}. */
    private static Map<String, Long> status(long pid) {
        Map<String, Long> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                for (String field : List.of("VmRSS", "Threads")) {
                    if (line.startsWith(field + ":")) {
                        fields.put(field, Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Gone between listing and reading, or not Linux: nothing to add.
        }
        return fields;
    }

    /** Busy and total jiffies of all cores from the first line of {@code /proc/stat}. */
    private static Optional<long[]> machineNow() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return Optional.of(new long[] {total - idle, total});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
