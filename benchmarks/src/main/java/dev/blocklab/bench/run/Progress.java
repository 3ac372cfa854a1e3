package dev.blocklab.bench.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One line per cell: which of how many, elapsed, and an estimate of the time left for the cells: each cell's own estimate
 * (its forks, warm-up and window differ by level), scaled by how the finished cells compared with theirs.
 */
final class Progress {
    private final PrintStream out;
    private final List<Duration> estimates;
    private final int total;
    private final long start = System.nanoTime();
    private int done;

    /** @param estimates every cell's estimate, in the order they run */
    Progress(PrintStream out, List<Duration> estimates) {
        this.out = out;
        this.estimates = List.copyOf(estimates);
        this.total = estimates.size();
    }

    void starting(String cell) {
        out.printf(Locale.ROOT, "[%d/%d] %s (elapsed %s, about %s left)%n", done + 1, total, cell, format(elapsed()), format(left(elapsed())));
    }

    void finished(String cell, String status, String detail) {
        done++;
        out.printf(Locale.ROOT, "[%d/%d] %s: %s%s%n", done, total, cell, status, detail.isEmpty() ? "" : " - " + detail);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The time left for the cells not yet finished, {@code elapsed} into the run. */
    Duration left(Duration elapsed) {
        Duration remaining = sum(estimates.subList(done, total));
        Duration finished = sum(estimates.subList(0, done));
        if (done == 0 || finished.isZero()) {
            return remaining;
        }
        return Duration.ofNanos((long) (remaining.toNanos() * ((double) elapsed.toNanos() / finished.toNanos())));
    }

    private static Duration sum(List<Duration> durations) {
        return durations.stream().reduce(Duration.ZERO, Duration::plus);
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
