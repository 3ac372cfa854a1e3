package dev.blocklab.bench.run;

import dev.blocklab.launch.Commands;
import dev.blocklab.results.Diagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a FastAPI server's event loop did over the window, from py-spy's two raw sample files ({@code PySpySampler}): the
 * Python counterpart of the JFR analysis, condensed into the same {@link Diagnosis}. Its samples are Python stacks only:
 * a wait inside a C extension (uvloop, psycopg's C driver) is named by the Python frame that called it.
 *
 * <p>uvicorn runs the event loop on the main thread. A sample of it is in <em>route code</em> when a frame of the
 * edition's program stands above the loop's own frames (the program's start-up frames at the bottom do not count): the
 * loop is then running a route instead of serving other requests. In route code in every sample but on a CPU in few, the
 * loop was waiting there: that share of the loop's samples is its blocked fraction, and the route frame and the library
 * call it waited in most (the deepest frame of the program, then the frame it called) are the top blocking call. A route
 * that computes holds the loop too but is not waiting; such time is left out, as JFR's blocking events leave it out.
 */
final class PySpySummary {
    /** The loop thread: uvicorn runs the loop on the main thread. */
    static final String LOOP_THREAD = "MainThread";
    /** The edition's program: frames in it are the application's, as {@code dev.blocklab} frames are in a JVM recording. */
    static final String PROGRAM = "blocklab_fastapi.py";
    static final String EVENT = "py-spy: waiting in route code";

    /** One loop-thread stack aggregated by what it was doing in route code: the program's deepest frame, the call it made. */
    private record Site(String application, String call) {}

    /** The loop thread's samples in one file: all of them, and those in route code by site. */
    private record LoopSamples(long total, Map<Site, Long> inRoute) {
        long inRouteTotal() {
            return inRoute.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private PySpySummary() {}

    /** py-spy's sampled span may differ from the fork's window by this share before the diagnosis says so. */
    static final double WINDOW_TOLERANCE = 0.15;

    /** The diagnosis of one fork; {@code windowSeconds}, the fork's measured window, is what the samples should span (0: unknown). */
    static Diagnosis read(Path all, Path onCpu, String fork, double windowSeconds) {
        LoopSamples every = parse(all);
        LoopSamples running = parse(onCpu);
        double sampleMs = 1000.0 / Diagnosis.PY_SPY_RATE;
        double windowMs = every.total() * sampleMs;
        Map<Site, Long> waiting = new LinkedHashMap<>();
        every.inRoute().forEach((site, n) -> waiting.put(site, Math.max(0, n - running.inRoute().getOrDefault(site, 0L))));
        long waited = Math.max(0, every.inRouteTotal() - running.inRouteTotal());
        OptionalDouble blocked = every.total() > 0 ? OptionalDouble.of((double) waited / every.total()) : OptionalDouble.empty();
        Diagnosis.TopFrame top = waiting.entrySet().stream().filter(e -> e.getValue() > 0).max(Comparator.comparingLong(Map.Entry::getValue))
                .map(e -> new Diagnosis.TopFrame(EVENT, e.getKey().application(), e.getKey().call(), e.getValue(), e.getValue() * sampleMs))
                .orElse(Diagnosis.TopFrame.NONE);
        List<String> warnings = new java.util.ArrayList<>();
        if (every.total() == 0) {
            warnings.add("py-spy took no sample of the loop thread (" + LOOP_THREAD + ")");
        } else if (windowSeconds > 0 && Math.abs(windowMs / 1000 - windowSeconds) > WINDOW_TOLERANCE * windowSeconds) {
            warnings.add(String.format(java.util.Locale.ROOT, "%s: py-spy's samples span %.1f s against a measured window of %.1f s", fork,
                    windowMs / 1000, windowSeconds));
        }
        return new Diagnosis(fork, windowMs, blocked, waited * sampleMs, every.total() > 0 ? List.of(LOOP_THREAD) : List.of(), top,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalLong.empty(), OptionalDouble.empty(), OptionalDouble.empty(), List.of(), List.copyOf(warnings));
    }

    /**
     * Reads py-spy's raw format, one stack a line, outermost frame first, with {@code --threads} the thread first, and the
     * sample count last: {@code thread (0x7F..): MainThread;<module> (blocklab_fastapi.py:400);run (uvicorn/main.py:580);... 27}.
     */
    private static LoopSamples parse(Path file) {
        try {
            return parseLines(file);
        } catch (Commands.Failure e) {
            throw new Commands.Failure(file.getFileName() + ": " + e.getMessage()); // the file's name, not where it lies
        }
    }

    private static LoopSamples parseLines(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new Commands.Failure("not readable: " + e.getMessage());
        }
        long total = 0;
        Map<Site, Long> inRoute = new LinkedHashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (line.isBlank() || space < 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).strip());
            } catch (NumberFormatException e) {
                throw new Commands.Failure("not py-spy's raw format: a line ends in '" + line.substring(space + 1) + "', not a count");
            }
            String[] frames = line.substring(0, space).split(";");
            if (!frames[0].startsWith("thread (") || !frames[0].endsWith(": " + LOOP_THREAD)) {
                continue;
            }
            total += count;
            site(frames).ifPresent(site -> inRoute.merge(site, count, Long::sum));
        }
        return new LoopSamples(total, inRoute);
    }

    /** The program's deepest frame above the loop's own frames, and the frame it called (empty: it was its own code). */
    private static java.util.Optional<Site> site(String[] frames) {
        int i = 1;
        while (i < frames.length && inProgram(frames[i])) {
            i++; // the program's start-up frames (<module>, main) below the loop
        }
        int deepest = -1;
        for (; i < frames.length; i++) {
            if (inProgram(frames[i])) {
                deepest = i;
            }
        }
        if (deepest < 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Site(frames[deepest], deepest + 1 < frames.length ? frames[deepest + 1] : ""));
    }

    private static boolean inProgram(String frame) {
        return frame.contains("(" + PROGRAM + ":");
    }
}
