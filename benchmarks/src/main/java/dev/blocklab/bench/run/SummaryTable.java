package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The end-of-run table on the console: one row per cell, the figures that tell the story. */
final class SummaryTable {
    private static final String ROW = "%-14s %-9s %5s %9s %9s %6s %9s %9s %10s %8s %7s  %s%n";

    private SummaryTable() {}

    static String render(Iterable<JsonNode> summaries) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, ROW, "variant", "scenario", "slow", "slow r/s", "bound", "eff",
                "/ p50 ms", "/ p99 ms", "probe p99", "loop blk", "errors", "status"));
        for (JsonNode s : summaries) {
            text.append(String.format(Locale.ROOT, ROW, s.path("variant").asText(), s.path("scenario").asText("-"),
                    s.has("slowThreads") ? s.path("slowThreads").asText() : "-",
                    number(s.path("slow").path("throughput")), number(s.path("bound").path("throughput")),
                    s.has("efficiency") ? String.format(Locale.ROOT, "%.2f", s.path("efficiency").asDouble()) : "-",
                    number(s.path("fast").path("latencyMs").path("p50")), number(s.path("fast").path("latencyMs").path("p99")),
                    number(s.path("probe").path("latencyMs").path("p99")),
                    s.has("eventLoop") ? String.format(Locale.ROOT, "%.0f%%", 100 * s.path("eventLoop").path("blockedFraction").asDouble()) : "-",
                    s.has("errorRate") ? String.format(Locale.ROOT, "%.1f%%", 100 * s.path("errorRate").asDouble()) : "-",
                    s.path("status").asText() + (s.has("reason") ? " (" + s.path("reason").asText() + ")" : "")));
        }
        return text.toString();
    }

    /** A cell's headline after it ran. */
    static String oneLine(JsonNode s) {
        if (s.path("status").asText().equals("failed")) {
            return s.path("reason").asText();
        }
        String slow = s.has("slowThreads") ? String.format(Locale.ROOT, "slow %s r/s (%.0f%% of bound), ",
                number(s.path("slow").path("throughput")), 100 * s.path("efficiency").asDouble()) : "";
        return slow + String.format(Locale.ROOT, "GET / p99 %s ms (JMH), %s ms (open loop)",
                number(s.path("fast").path("latencyMs").path("p99")), number(s.path("probe").path("latencyMs").path("p99")));
    }

    private static String number(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "-";
        }
        double v = value.asDouble();
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
