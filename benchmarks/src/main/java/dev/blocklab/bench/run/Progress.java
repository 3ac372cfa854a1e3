package dev.blocklab.bench.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** One line per cell: which of how many, elapsed, and an estimate of the time left. */
final class Progress {
    private final PrintStream out;
    private final int total;
    private final Duration estimatePerCell;
    private final long start = System.nanoTime();
    private int done;

    Progress(PrintStream out, int total, Duration estimatePerCell) {
        this.out = out;
        this.total = total;
        this.estimatePerCell = estimatePerCell;
    }

    void starting(String cell) {
        out.printf(Locale.ROOT, "[%d/%d] %s (elapsed %s, about %s left)%n", done + 1, total, cell, format(elapsed()), format(left()));
    }

    void finished(String cell, String status, String detail) {
        done++;
        out.printf(Locale.ROOT, "[%d/%d] %s: %s%s%n", done, total, cell, status, detail.isEmpty() ? "" : " - " + detail);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private Duration left() {
        Duration perCell = done == 0 ? estimatePerCell : elapsed().dividedBy(done);
        return perCell.multipliedBy(total - done);
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
