package dev.blocklab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far the instrument can be trusted, from the run's {@code calibration.json} when it has one: what JFR
 * recording costs, and the harness floor next to wrk's. Each figure beside its goal; a missed goal is said.
 */
final class CalibrationSection implements Section {
    static final String FILE = "calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Path file = context.run().dir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode calibration;
        try {
            calibration = JSON.readTree(file.toFile());
        } catch (IOException e) {
            out.append("## Calibration\n\n`").append(FILE).append("` could not be read: ").append(e.getMessage()).append("\n\n");
            return;
        }
        out.append("## Calibration\n\n");
        out.append("Measured on `").append(calibration.path("variant").asText()).append("` with `GET /` alone and unpaced, so that it is CPU bound, in ")
                .append(calibration.path("rounds").asInt(1)).append(" rounds of side-by-side pairs (the order alternating); each check shows the median")
                .append(" of the rounds and their range. A goal is met when every round meets it, missed when none does; in between, the machine's")
                .append(" noise is larger than the goal and the check cannot tell ([")
                .append(FILE).append("](").append(context.raw(FILE)).append(")).\n\n");
        out.append("| check | median | rounds | goal | met |\n|---|---|---|---|---|\n");
        JsonNode jfr = calibration.path("jfrOverhead");
        if (jfr.has("overhead")) {
            out.append(String.format(Locale.ROOT, "| JFR recording's cost in `GET /` throughput | %.1f%% | %.1f%% to %.1f%% | under 3%% | %s |%n",
                    100 * jfr.path("overhead").asDouble(), 100 * low(jfr, "overhead"), 100 * high(jfr, "overhead"), verdict(jfr, "overhead", 0.03)));
        } else {
            out.append("| JFR recording's cost | not measured: ").append(jfr.path("failed").asText("no result")).append(" | - | under 3% | - |\n");
        }
        JsonNode floor = calibration.path("harnessFloor");
        if (floor.has("ratio")) {
            out.append(String.format(Locale.ROOT, "| harness floor: JMH `GET /` p50 over wrk's, no load (%s ms over %s ms) | %.2fx | %.2fx to %.2fx | within 1.5x | %s |%n",
                    Fmt.num(floor.path("jmhP50Ms").asDouble()), Fmt.num(floor.path("wrkP50Ms").asDouble()), floor.path("ratio").asDouble(),
                    low(floor, "ratio"), high(floor, "ratio"), verdict(floor, "ratio", 1.5)));
        } else {
            out.append("| harness floor against wrk | ").append(floor.path("wrk").asText("not measured")).append(" | - | within 1.5x | - |\n");
        }
        out.append("\nPer round: ");
        List<String> rounds = new ArrayList<>();
        for (JsonNode round : calibration.path("perRound")) {
            rounds.add(String.format(Locale.ROOT, "%d: %s req/s with JFR, %s without%s", round.path("round").asInt(),
                    Fmt.num(round.path("throughputWithJfr").asDouble()), Fmt.num(round.path("throughputWithoutJfr").asDouble()),
                    round.has("floorRatio") ? String.format(Locale.ROOT, ", floor %.2fx", round.path("floorRatio").asDouble()) : ""));
        }
        out.append(rounds.isEmpty() ? "none recorded" : String.join("; ", rounds)).append(".\n");
        out.append('\n');
    }

    // Runs before the rounds (calibration.json without "perRound") measured one pair: its value is its range.
    private static double low(JsonNode check, String field) {
        return check.path("low").asDouble(check.path(field).asDouble());
    }

    private static double high(JsonNode check, String field) {
        return check.path("high").asDouble(check.path(field).asDouble());
    }

    /** The verdict calibration.json gives, else (older runs) judged here; {@code goal} only where the file names no limit. */
    private static String verdict(JsonNode check, String field, double goal) {
        double limit = check.path("limit").asDouble(goal);
        double median = check.path(field).asDouble();
        String verdict = check.has("verdict") ? check.path("verdict").asText()
                : high(check, field) < limit ? "met" : low(check, field) > limit ? "missed" : "inconclusive";
        return switch (verdict) {
            case "met" -> "yes";
            case "missed" -> "no";
            default -> "cannot tell: the rounds straddle the goal (median " + (median < limit ? "within it" : "beyond it") + ")";
        };
    }
}
