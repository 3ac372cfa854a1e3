package dev.blocklab.analysis;

import dev.blocklab.analysis.Analysis.EventLoop;
import dev.blocklab.analysis.Analysis.EventRow;
import dev.blocklab.analysis.Analysis.LoopThread;
import dev.blocklab.analysis.Analysis.MethodRow;
import dev.blocklab.analysis.Analysis.MetricValue;
import dev.blocklab.analysis.Analysis.MissingEvent;
import dev.blocklab.analysis.Analysis.StackRow;
import dev.blocklab.analysis.Analysis.Window;
import dev.blocklab.analysis.Metrics.Metric;
import dev.blocklab.analysis.Metrics.Stat;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jdk.jfr.EventType;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * One pass over a recording with the JDK's consumer API, feeding what each event is for: blocked intervals of
 * loop threads, stack and method tallies, the {@link Metrics} rows. Single use.
 */
final class Analyzer {
    private static final double NS_PER_MS = 1e6;
    /** Every event type {@link #accept} has a use for; the others are skipped unread. */
    static final Set<String> USED = usedEvents();

    private final AnalysisOptions options;
    private final LoopThreads loops;
    private final long from;
    private final long to;

    private final RecordedSettings settings = new RecordedSettings();
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Long> inWindow = new TreeMap<>();
    private final Map<Long, LoopState> loopThreads = new HashMap<>();
    /** The parser resolves a thread once per chunk, so most events hand over the same object: classify it once. */
    private final Map<RecordedThread, Optional<LoopState>> classified = new IdentityHashMap<>();
    private final Tally<String> byEvent = new Tally<>();
    private final Tally<StackKey> blockingStacks = new Tally<>();
    private final Tally<String> hotMethods = new Tally<>();
    private final Tally<StackKey> pinnedStacks = new Tally<>();
    private final Map<RecordedStackTrace, StackReducer.Reduced> reduced = new IdentityHashMap<>();
    private final List<Accumulator> metrics = new ArrayList<>();
    private final Map<String, List<Accumulator>> metricsByEvent = new HashMap<>();
    private final Map<EventType, TypeInfo> types = new IdentityHashMap<>();
    /** The span of the events read, for chunks whose header gives no duration. */
    private long firstStart = Long.MAX_VALUE;
    private long lastEnd = Long.MIN_VALUE;

    Analyzer(AnalysisOptions options) {
        this.options = options;
        this.loops = new LoopThreads(options.extraLoopThreads());
        this.from = options.from().map(Analyzer::nanos).orElse(Long.MIN_VALUE);
        this.to = options.to().map(Analyzer::nanos).orElse(Long.MAX_VALUE);
        for (Metric metric : Metrics.ALL) {
            Accumulator accumulator = new Accumulator(metric);
            metrics.add(accumulator);
            metricsByEvent.computeIfAbsent(metric.event(), e -> new ArrayList<>()).add(accumulator);
        }
    }

    Analysis analyze(Path file) {
        ChunkLayout layout = ChunkLayout.of(file);
        List<String> warnings = new ArrayList<>();
        boolean partial = layout.truncated();
        if (partial) {
            warnings.add("the recording is truncated after " + layout.completeChunks() + " complete chunk(s) ("
                    + layout.completeBytes() + " bytes); only those were analysed");
            Path complete = completeChunks(file, layout.completeBytes());
            try {
                read(file, complete, warnings);
            } finally {
                deleteQuietly(complete);
            }
        } else {
            partial = !read(file, file, warnings);
        }
        return result(file, layout, partial, warnings);
    }

    /**
     * Reads the events the analysis uses; returns false when reading stopped early on a corrupt part. A stream
     * with a handler per event type lets the JDK's parser skip every other event without decoding it, and
     * unordered it does not sort each chunk: most of a recording is events blocklab does not look at.
     */
    private boolean read(Path name, Path file, List<String> warnings) {
        long[] events = {0};
        try (EventStream stream = EventStream.openFile(file)) {
            stream.setOrdered(false);
            stream.onMetadata(metadata -> settings.knowTypes(metadata.getEventTypes()));
            for (String type : USED) {
                stream.onEvent(type, event -> {
                    accept(event);
                    events[0]++;
                });
            }
            stream.start();
            return true;
        } catch (IOException | RuntimeException | InternalError e) {
            return stoppedEarly(name, events[0], e, warnings);
        }
    }

    /** The JDK's parser gives up on a corrupt part with any kind of exception; what was read before stands. */
    private static boolean stoppedEarly(Path name, long events, Throwable e, List<String> warnings) {
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
        if (events == 0) {
            throw new Commands.Failure(name + " is corrupt: no event can be read (" + why + ")");
        }
        warnings.add("the recording is corrupt: reading stopped after " + events + " events (" + why + ")");
        return false;
    }

    private void accept(RecordedEvent event) {
        EventType type = event.getEventType();
        TypeInfo info = types.get(type);
        if (info == null) {
            info = new TypeInfo(type.getName(), metricsByEvent.getOrDefault(type.getName(), List.of()));
            types.put(type, info);
        }
        seen.merge(info.name, 1L, Long::sum);
        if (info.role == Role.SETTING) {
            settings.add(event);
            return;
        }
        if (info.threadField != null) {
            loopState(event.getThread(info.threadField));
        }
        if (info.role == Role.OTHER && info.accumulators.isEmpty()) {
            return;
        }
        long start = nanos(event.getStartTime());
        long end = nanos(event.getEndTime());
        firstStart = Math.min(firstStart, start);
        lastEnd = Math.max(lastEnd, end);
        if (end < from || start > to) {
            return;
        }
        inWindow.merge(info.name, 1L, Long::sum);
        switch (info.role) {
            case BLOCKING -> blocking(info.name, event, start, end);
            case SAMPLE -> {
                LoopState loop = loopState(event.getThread("sampledThread"));
                RecordedStackTrace stack = event.getStackTrace();
                if (loop != null && stack != null && !stack.getFrames().isEmpty()) {
                    hotMethods.add(StackReducer.method(stack.getFrames().getFirst()), 0);
                }
            }
            case PINNED -> pinnedStacks.add(stackKey(info.name, event), end - start);
            default -> { }
        }
        boolean started = start >= from;
        boolean ended = end <= to;
        info.accumulators.forEach(a -> {
            if (a.metric.byEnd() ? ended : started) {
                a.accept(event);
            }
        });
    }

    private void blocking(String name, RecordedEvent event, long start, long end) {
        LoopState loop = loopState(event.getThread());
        if (loop == null) {
            return;
        }
        long clippedStart = Math.max(start, from);
        long clippedEnd = Math.min(end, to);
        loop.blocked.add(clippedStart, clippedEnd);
        loop.events++;
        byEvent.add(name, clippedEnd - clippedStart);
        blockingStacks.add(stackKey(name, event), clippedEnd - clippedStart);
    }

    private LoopState loopState(RecordedThread thread) {
        return thread == null ? null : classified.computeIfAbsent(thread, this::classify).orElse(null);
    }

    private Optional<LoopState> classify(RecordedThread thread) {
        if (thread.isVirtual() || !loops.matches(thread.getJavaName())) {
            return Optional.empty();
        }
        LoopState state = loopThreads.computeIfAbsent(thread.getJavaThreadId(), id -> new LoopState());
        state.name = thread.getJavaName();
        return Optional.of(state);
    }

    private StackKey stackKey(String event, RecordedEvent recorded) {
        RecordedStackTrace stack = recorded.getStackTrace();
        StackReducer.Reduced r = stack == null ? StackReducer.reduce(null) : reduced.computeIfAbsent(stack, StackReducer::reduce);
        return new StackKey(event, r.application(), r.call(), r.top());
    }

    private Analysis result(Path file, ChunkLayout layout, boolean partial, List<String> warnings) {
        boolean headersTell = layout.endNanos() > layout.startNanos();
        long spanStart = headersTell ? layout.startNanos() : firstStart;
        long spanEnd = headersTell ? layout.endNanos() : lastEnd;
        long windowStart = Math.max(from, spanStart);
        long windowEnd = Math.min(to, spanEnd);
        if (windowEnd <= windowStart) {
            throw new Commands.Failure("the window " + bound(from) + " .. " + bound(to) + " does not overlap the recording ("
                    + instant(spanStart) + " .. " + instant(spanEnd) + ")");
        }
        List<MissingEvent> missing = missingEvents();
        if (BlockingEvents.ALL.stream().allMatch(event -> missing.stream().anyMatch(m -> m.event().equals(event)))) {
            throw new Commands.Failure(file.getFileName() + " has none of the blocking events the analysis needs ("
                    + String.join(", ", BlockingEvents.ALL) + "); record with -XX:StartFlightRecording:settings=" + RecordingSettings.BASE
                    + " (blocklab adds 1 ms thresholds to it: see dev.blocklab.analysis.RecordingSettings)");
        }
        warnings.addAll(settings.limits());
        double windowNanos = windowEnd - windowStart;
        Window window = new Window(instant(windowStart).toString(), instant(windowEnd).toString(), windowNanos / NS_PER_MS,
                options.from().isPresent() || options.to().isPresent());
        return new Analysis(Analysis.SCHEMA_VERSION, String.valueOf(file.getFileName()), partial, List.copyOf(warnings),
                window, loops.patterns(), eventLoop(windowNanos), metricValues(windowNanos), stackRows(pinnedStacks),
                missing, new LinkedHashMap<>(inWindow));
    }

    private EventLoop eventLoop(double windowNanos) {
        List<LoopThread> threads = loopThreads.values().stream()
                .map(loop -> {
                    long blocked = loop.blocked.unionNanos();
                    return new LoopThread(loop.name, loop.events, blocked / NS_PER_MS, blocked / windowNanos);
                })
                .sorted(Comparator.comparing(LoopThread::name, LoopThreads::compareNames))
                .toList();
        double blockedMs = threads.stream().mapToDouble(LoopThread::blockedMs).sum();
        double fraction = threads.isEmpty() ? 0 : blockedMs * NS_PER_MS / (threads.size() * windowNanos);
        List<EventRow> events = byEvent.top(Integer.MAX_VALUE).stream()
                .map(e -> new EventRow(e.key(), e.count(), e.nanos() / NS_PER_MS))
                .toList();
        long samples = hotMethods.count();
        List<MethodRow> methods = hotMethods.top(options.top()).stream()
                .sorted(Comparator.<Tally.Entry<String>>comparingLong(Tally.Entry::count).reversed().thenComparing(Tally.Entry::key))
                .map(e -> new MethodRow(e.key(), e.count(), (double) e.count() / samples))
                .toList();
        return new EventLoop(threads, blockedMs, fraction, events, stackRows(blockingStacks), samples, methods);
    }

    private List<StackRow> stackRows(Tally<StackKey> tally) {
        return tally.top(options.top()).stream()
                .map(e -> new StackRow(e.key().event(), e.key().application(), e.key().call(), e.key().top(), e.count(),
                        e.nanos() / NS_PER_MS))
                .toList();
    }

    private List<MetricValue> metricValues(double windowNanos) {
        return metrics.stream().map(a -> a.value(recorded(a.metric.event()), windowNanos / 1e9)).toList();
    }

    private boolean recorded(String event) {
        return seen.containsKey(event) || settings.enabled(event);
    }

    private List<MissingEvent> missingEvents() {
        Map<String, Set<String>> neededFor = new LinkedHashMap<>();
        BlockingEvents.ALL.forEach(e -> neededFor.computeIfAbsent(e, k -> new TreeSet<>()).add("event-loop blocked time"));
        neededFor.computeIfAbsent(BlockingEvents.EXECUTION_SAMPLE, k -> new TreeSet<>()).add("hot methods");
        Metrics.ALL.forEach(m -> neededFor.computeIfAbsent(m.event(), k -> new TreeSet<>()).add(m.label()));
        List<MissingEvent> missing = new ArrayList<>();
        neededFor.forEach((event, uses) -> {
            if (!recorded(event)) {
                missing.add(new MissingEvent(event, String.join(", ", uses), RecordingSettings.enableHint(event)));
            }
        });
        return missing;
    }

    private static Path completeChunks(Path file, long bytes) {
        try {
            Path copy = Files.createTempFile("blocklab-partial-", ".jfr");
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(copy)) {
                byte[] buffer = new byte[1 << 16];
                long left = bytes;
                for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                    out.write(buffer, 0, n);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new Commands.Failure("cannot copy the complete part of " + file + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String bound(long nanos) {
        return nanos == Long.MIN_VALUE || nanos == Long.MAX_VALUE ? "(open)" : instant(nanos).toString();
    }

    private record StackKey(String event, String application, String call, String top) implements Comparable<StackKey> {
        private static final Comparator<StackKey> ORDER = Comparator.comparing(StackKey::application)
                .thenComparing(StackKey::call).thenComparing(StackKey::top).thenComparing(StackKey::event);

        @Override
        public int compareTo(StackKey other) {
            return ORDER.compare(this, other);
        }
    }

    private static Set<String> usedEvents() {
        Set<String> used = new TreeSet<>(BlockingEvents.ALL);
        used.addAll(List.of("jdk.ActiveSetting", BlockingEvents.EXECUTION_SAMPLE, BlockingEvents.PINNED));
        used.addAll(TypeInfo.THREAD_FIELDS.keySet());
        Metrics.ALL.forEach(metric -> used.add(metric.event()));
        return Set.copyOf(used);
    }

    private enum Role { SETTING, BLOCKING, SAMPLE, PINNED, OTHER }

    /**
     * What an event type is for, looked up once per type: its role, the field naming the thread it tells about
     * (loop threads are learnt from these, so that a loop never blocked is listed too), its metrics.
     */
    private static final class TypeInfo {
        static final Map<String, String> THREAD_FIELDS = Map.of("jdk.ThreadStart", "thread", "jdk.ThreadEnd", "thread",
                "jdk.ThreadAllocationStatistics", "thread", "jdk.ThreadCPULoad", "eventThread");
        final String name;
        final Role role;
        final String threadField;
        final List<Accumulator> accumulators;

        TypeInfo(String name, List<Accumulator> accumulators) {
            this.name = name;
            this.accumulators = accumulators;
            this.role = name.equals("jdk.ActiveSetting") ? Role.SETTING
                    : BlockingEvents.isBlocking(name) ? Role.BLOCKING
                    : name.equals(BlockingEvents.EXECUTION_SAMPLE) ? Role.SAMPLE
                    : name.equals(BlockingEvents.PINNED) ? Role.PINNED
                    : Role.OTHER;
            this.threadField = THREAD_FIELDS.get(name);
        }
    }

    private static final class LoopState {
        String name;
        long events;
        final Intervals blocked = new Intervals();
    }

    private static final class Accumulator {
        final Metric metric;
        long count;
        double sum;
        double max = Double.NEGATIVE_INFINITY;

        Accumulator(Metric metric) {
            this.metric = metric;
        }

        void accept(RecordedEvent event) {
            if (metric.filter().test(event)) {
                double value = metric.value().applyAsDouble(event);
                count++;
                sum += value;
                max = Math.max(max, value);
            }
        }

        MetricValue value(boolean recorded, double windowSeconds) {
            Set<Stat> stats = metric.stats();
            boolean any = recorded && count > 0;
            return new MetricValue(metric.id(), metric.label(), metric.unit(), metric.event(), recorded, count,
                    recorded && stats.contains(Stat.TOTAL) ? sum : null,
                    any && stats.contains(Stat.MEAN) ? sum / count : null,
                    any && stats.contains(Stat.MAX) ? max : null,
                    recorded && stats.contains(Stat.PER_SECOND) ? sum / windowSeconds : null);
        }
    }
}
