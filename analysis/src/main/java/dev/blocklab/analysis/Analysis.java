package dev.blocklab.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one JFR recording says about a server: how long its event loops were blocked and by which calls, what
 * they spent their CPU on, its threads, CPU and GC. The JSON form ({@link AnalysisJson}) and the text form
 * ({@link AnalysisText}) render this model and nothing else; {@code analysis/README.md} documents the JSON.
 *
 * <pre>{@code
 * Analysis analysis = Analysis.of(recording, AnalysisOptions.defaults().withWindow(start, end));
 * AnalysisJson.write(analysis, recording.resolveSibling("analysis.json"));
 * }</pre>
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION}
 * @param recording       the file name of the recording
 * @param partial         true when the recording was truncated or corrupt and only its readable part was analysed
 * @param warnings        what a reader should know to trust the numbers (partial file, high thresholds, throttling)
 * @param window          the time analysed
 * @param loopThreadPatterns the regular expressions that named the event-loop threads
 * @param eventLoop       blocked time, blocking stacks and hot methods of the event-loop threads
 * @param metrics         the scalar metrics of {@link Metrics#ALL}, in that order
 * @param pinnedStacks    the stacks of {@code jdk.VirtualThreadPinned} events, by total duration
 * @param missingEvents   the events this analysis uses that the recording does not have
 * @param eventCounts     events in the window of the types this analysis reads, by type name (sorted)
 */
public record Analysis(int schemaVersion, String recording, boolean partial, List<String> warnings, Window window,
        List<String> loopThreadPatterns, EventLoop eventLoop, List<MetricValue> metrics, List<StackRow> pinnedStacks,
        List<MissingEvent> missingEvents, Map<String, Long> eventCounts) {

    /** Bumped when a field changes meaning or disappears; adding a field does not bump it. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * Analyses one recording.
     *
     * @throws dev.blocklab.launch.Commands.Failure with a one-line message when the file is missing, is not a
     *         recording, is corrupt or truncated before its first complete chunk, has none of the blocking events,
     *         or the window does not overlap it
     */
    public static Analysis of(Path recording, AnalysisOptions options) {
        return new Analyzer(options).analyze(recording);
    }

    /** The metric with this id from {@link Metrics}. */
    public MetricValue metric(String id) {
        return metrics.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no metric " + id));
    }

    /**
     * The time analysed: the recording, or its intersection with the window asked for.
     *
     * @param windowed true when a window was asked for ({@code --from}/{@code --to})
     */
    public record Window(String start, String end, double durationMs, boolean windowed) {}

    /**
     * @param threads         every event-loop thread seen in the recording, by name
     * @param blockedMs       the sum of the threads' blocked time
     * @param blockedFraction {@code blockedMs} over (threads × window): 0 never blocked, 1 always blocked
     * @param byEvent         blocking events on loop threads by type: count and summed duration (not merged)
     * @param topStacks       the blocking stacks with the most blocked time
     * @param executionSamples {@code jdk.ExecutionSample} events on loop threads
     * @param hotMethods      the top frames of those samples
     */
    public record EventLoop(List<LoopThread> threads, double blockedMs, double blockedFraction, List<EventRow> byEvent,
            List<StackRow> topStacks, long executionSamples, List<MethodRow> hotMethods) {}

    /** One event-loop thread: its blocked time with overlapping events merged. */
    public record LoopThread(String name, long blockingEvents, double blockedMs, double blockedFraction) {}

    /** Events of one type: how many and their summed duration, clipped to the window. */
    public record EventRow(String event, long count, double totalMs) {}

    /**
     * A stack reduced to the frames that matter ({@link StackReducer}): the application frame that called into a
     * blocking library, that call, and the innermost frame.
     */
    public record StackRow(String event, String application, String call, String top, long count, double totalMs) {}

    /** A method on top of execution samples, with its share of the samples. */
    public record MethodRow(String method, long samples, double fraction) {}

    /**
     * One row of {@link Metrics}: the statistics it declares are set, the others are null; all are null when the
     * recording does not have the event ({@code recorded} false).
     */
    public record MetricValue(String id, String label, String unit, String event, boolean recorded, long count,
            Double total, Double mean, Double max, Double perSecond) {}

    /** An event the analysis uses that the recording lacks, with what it is needed for and how to turn it on. */
    public record MissingEvent(String event, String neededFor, String enableWith) {}
}
