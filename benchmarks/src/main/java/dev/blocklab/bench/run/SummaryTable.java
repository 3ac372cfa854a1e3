package dev.blocklab.bench.run;

import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.Route;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** The end-of-run table on the console: one row per cell, the figures that tell the story. */
final class SummaryTable {
    private static final String ROW = "%-14s %-9s %5s %9s %9s %6s %9s %9s %10s %8s %7s  %s%n";

    private SummaryTable() {}

    static String render(Iterable<Cell> cells) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, ROW, "variant", "scenario", "slow", "slow r/s", "bound", "eff",
                "/ p50 ms", "/ p99 ms", "probe p99", "loop blk", "errors", "status"));
        for (Cell c : cells) {
            OptionalDouble blocked = c.diagnoses().stream().filter(d -> d.loopBlockedFraction().isPresent())
                    .mapToDouble(d -> d.loopBlockedFraction().getAsDouble()).average();
            text.append(String.format(Locale.ROOT, ROW, c.variant().id(), c.scenario().map(Object::toString).orElse("-"),
                    c.isBaseline() ? "-" : String.valueOf(c.slowThreads()),
                    number(c.slow().map(Route::throughput)), number(c.bound().map(b -> b.throughput())),
                    c.efficiency().isPresent() ? String.format(Locale.ROOT, "%.2f", c.efficiency().getAsDouble()) : "-",
                    number(c.fast().map(r -> r.latencyMs().p50())), number(c.fast().map(r -> r.latencyMs().p99())),
                    number(c.probe().map(p -> p.latencyMs().p99())),
                    blocked.isPresent() ? String.format(Locale.ROOT, "%.0f%%", 100 * blocked.getAsDouble()) : "-",
                    c.status().measured() ? String.format(Locale.ROOT, "%.1f%%", 100 * c.errorRate()) : "-",
                    c.status().label() + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")")));
        }
        return text.toString();
    }

    /** A cell's headline after it ran. */
    static String oneLine(Cell c) {
        if (c.status() == CellStatus.FAILED) {
            return c.reason();
        }
        String slow = c.isBaseline() ? "" : String.format(Locale.ROOT, "slow %s r/s (%.0f%% of bound), ",
                number(c.slow().map(Route::throughput)), 100 * c.efficiency().orElse(Double.NaN));
        return slow + String.format(Locale.ROOT, "GET / p99 %s ms (JMH), %s ms (open loop)",
                number(c.fast().map(r -> r.latencyMs().p99())), number(c.probe().map(p -> p.latencyMs().p99())));
    }

    private static String number(Optional<Double> value) {
        if (value.isEmpty() || value.get().isNaN()) {
            return "-";
        }
        double v = value.get();
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
