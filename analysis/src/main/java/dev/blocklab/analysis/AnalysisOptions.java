package dev.blocklab.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to analyse a recording.
 *
 * @param extraLoopThreads regular expressions naming more event-loop threads, besides {@link LoopThreads#DEFAULTS}
 * @param top              how many rows the stack and method tables keep
 * @param from             the start of the window to analyse (a benchmark's measurement), if any
 * @param to               its end, if any
 */
public record AnalysisOptions(List<Pattern> extraLoopThreads, int top, Optional<Instant> from, Optional<Instant> to) {
    public static final int DEFAULT_TOP = 10;

    public AnalysisOptions {
        extraLoopThreads = List.copyOf(extraLoopThreads);
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, not " + top);
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("the window's start " + from.get() + " is not before its end " + to.get());
        }
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(List.of(), DEFAULT_TOP, Optional.empty(), Optional.empty());
    }

    /** @throws IllegalArgumentException naming the first expression that is not a valid regular expression */
    public AnalysisOptions withLoopThreads(List<String> regexes) {
        List<Pattern> patterns = new ArrayList<>(extraLoopThreads);
        for (String regex : regexes) {
            try {
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + regex + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new AnalysisOptions(patterns, top, from, to);
    }

    public AnalysisOptions withTop(int rows) {
        return new AnalysisOptions(extraLoopThreads, rows, from, to);
    }

    /** Keeps the analysis to [start, end]; either may be null for an open end. */
    public AnalysisOptions withWindow(Instant start, Instant end) {
        return new AnalysisOptions(extraLoopThreads, top, Optional.ofNullable(start), Optional.ofNullable(end));
    }
}
