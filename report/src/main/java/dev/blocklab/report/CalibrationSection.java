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
        out.append("How far the instrument can be trusted, measured on `").append(calibration.path("variant").asText())
                .append("` with `GET /` alone and unpaced, so that it is CPU bound ([").append(FILE).append("](")
                .append(context.raw(FILE)).append(")).\n\n");
        out.append("| check | measured | spread | goal | met |\n|---|---|---|---|---|\n");
        JsonNode jfr = calibration.path("jfrOverhead");
        // Runs since the interleaved slices name their method; older ones measured side-by-side JMH pairs.
        boolean sliced = jfr.has("method");
        jfrRows(out, jfr);
        floorRow(out, calibration.path("harnessFloor"));
        out.append('\n');
        if (jfr.has("ciLow")) {
            jfrMethod(out, jfr, context);
        }
        JsonNode floor = calibration.path("harnessFloor");
        if (floor.has("method")) {
            out.append("**Harness floor.** ").append(calibration.path("rounds").asInt(1)).append(" rounds, each on a fresh server that both")
                    .append(" JMH's baseline cell (one fork; no recording, pacing or open-loop probe: one connection, like wrk's) and")
                    .append(" `wrk -t1 -c1` measure, the one going first alternating. The first warms the server up for ")
                    .append(floor.path("warmupSeconds").asInt()).append(" s, JMH always warms its own fork up for as long, and each")
                    .append(" measures for ").append(floor.path("measuredSeconds").asInt()).append(" s. Two servers of one build run")
                    .append(" a few percent apart for their whole life; one server for both keeps that out of the ratio. The floor is")
                    .append(" the median of the rounds' ratios with its distribution-free confidence interval, and the goal is met")
                    .append(" when the whole interval lies under it. Per round: ");
        } else if (sliced) {
            out.append("**Harness floor.** ").append(calibration.path("rounds").asInt(1)).append(" rounds of JMH's baseline cell (no recording)")
                    .append(" and `wrk -t1 -c1` on a fresh server");
            if (floor.has("warmupSeconds")) {
                out.append(", each warmed up for ").append(floor.path("warmupSeconds").asInt()).append(" s and measured for ")
                        .append(floor.path("measuredSeconds").asInt()).append(" s (per JMH fork)");
            }
            out.append("; a goal is met when every round meets it, missed when none does, and in")
                    .append(" between the machine's noise is larger than the goal. Per round: ");
        } else {
            out.append(calibration.path("rounds").asInt(1)).append(" rounds of side-by-side pairs (the order alternating); each check shows")
                    .append(" the median of the rounds and their range. A goal is met when every round meets it, missed when none does; in")
                    .append(" between, the machine's noise is larger than the goal and the check cannot tell. Per round: ");
        }
        out.append(perRound(calibration.path("perRound"))).append(".\n\n");
    }

    private static void jfrRows(StringBuilder out, JsonNode jfr) {
        if (jfr.has("ciLow")) {
            JsonNode control = jfr.path("control");
            String interval = String.format(Locale.ROOT, "%s%% interval", Fmt.num(100 * jfr.path("confidence").asDouble()));
            out.append(String.format(Locale.ROOT, "| JFR recording's cost in `GET /` throughput | %.1f%% | %s %.1f%% to %.1f%% | under 3%% | %s |%n",
                    100 * jfr.path("overhead").asDouble(), interval, 100 * jfr.path("ciLow").asDouble(), 100 * jfr.path("ciHigh").asDouble(),
                    verdict(jfr, "overhead", 0.03, "the interval straddles the goal")));
            out.append(String.format(Locale.ROOT, "| control: one server without recording against another | %.1f%% | %s %.1f%% to %.1f%% | about 0 | - |%n",
                    100 * control.path("difference").asDouble(), interval, 100 * control.path("ciLow").asDouble(), 100 * control.path("ciHigh").asDouble()));
        } else if (jfr.has("overhead")) {
            out.append(String.format(Locale.ROOT, "| JFR recording's cost in `GET /` throughput | %.1f%% | rounds %.1f%% to %.1f%% | under 3%% | %s |%n",
                    100 * jfr.path("overhead").asDouble(), 100 * low(jfr, "overhead"), 100 * high(jfr, "overhead"),
                    verdict(jfr, "overhead", 0.03, "the rounds straddle the goal")));
        } else {
            out.append("| JFR recording's cost | not measured: ").append(jfr.path("failed").asText("no result")).append(" | - | under 3% | - |\n");
        }
    }

    private static void floorRow(StringBuilder out, JsonNode floor) {
        if (floor.has("ciLow")) {
            out.append(String.format(Locale.ROOT, "| harness floor: JMH `GET /` p50 over wrk's, no load (%s ms over %s ms) | %.2fx | %s%% interval %.2fx to %.2fx (rounds %.2fx to %.2fx) | within 1.5x | %s |%n",
                    Fmt.num(floor.path("jmhP50Ms").asDouble()), Fmt.num(floor.path("wrkP50Ms").asDouble()), floor.path("ratio").asDouble(),
                    Fmt.num(100 * floor.path("confidence").asDouble()), floor.path("ciLow").asDouble(), floor.path("ciHigh").asDouble(),
                    low(floor, "ratio"), high(floor, "ratio"), verdict(floor, "ratio", 1.5, "the interval straddles the goal")));
        } else if (floor.has("ratio")) {
            out.append(String.format(Locale.ROOT, "| harness floor: JMH `GET /` p50 over wrk's, no load (%s ms over %s ms) | %.2fx | rounds %.2fx to %.2fx | within 1.5x | %s |%n",
                    Fmt.num(floor.path("jmhP50Ms").asDouble()), Fmt.num(floor.path("wrkP50Ms").asDouble()), floor.path("ratio").asDouble(),
                    low(floor, "ratio"), high(floor, "ratio"), verdict(floor, "ratio", 1.5, "the rounds straddle the goal")));
        } else {
            out.append("| harness floor against wrk | ").append(floor.path("wrk").asText("not measured")).append(" | - | within 1.5x | - |\n");
        }
    }

    /** How the interleaved slices measured JFR's cost, with each set's figures. */
    private static void jfrMethod(StringBuilder out, JsonNode jfr, ReportContext context) {
        List<String> forks = new ArrayList<>();
        for (JsonNode fork : jfr.path("perFork")) {
            forks.add(String.format(Locale.ROOT, "%d: %.1f%% / %.1f%%", fork.path("fork").asInt(),
                    100 * fork.path("overhead").asDouble(), 100 * fork.path("control").asDouble()));
        }
        out.append(String.format(Locale.ROOT, "**JFR's cost.** Three servers ran at once: one recording with blocklab's settings, one not, and a"
                + " second one without as a control. One connection per server sent `GET /` unpaced, in %d ms slices going round the three"
                + " servers, the order rotating, %d rounds per set of servers, %d sets started afresh ([slices](%s)). A drift of the machine or"
                + " a neighbour's burst outlasts a round, so it hits the three alike and cancels in the round's throughput ratios%s. But one JVM"
                + " runs the same code a few percent faster or slower than another for its whole life, so the sets, not the rounds, are the"
                + " repetitions: each set gives the median of its rounds, and the cost is the median of the sets (throughput medians: %s req/s"
                + " recorded, %s without%s) with its distribution-free confidence interval over them. The goal is met when the whole interval"
                + " lies under it. The control, one unrecorded server's throughput against the other's, shows how far apart two identical"
                + " servers land. Per set, cost / control:"
                + " %s.%n%n",
                jfr.path("sliceMs").asInt(), jfr.path("roundsPerFork").asInt(), jfr.path("forks").asInt(), context.raw(jfr.path("slices").asText()),
                // Runs before "against" compared the recorded server with the unrecorded one alone.
                jfr.has("against") ? " (the cost: the recorded server against the " + jfr.path("against").asText() + ", which varies less"
                        + " from set to set than either)" : "",
                Fmt.num(jfr.path("throughputWithJfr").asDouble()), Fmt.num(jfr.path("throughputWithoutJfr").asDouble()),
                jfr.has("against") ? ", the " + jfr.path("against").asText() : "",
                forks.isEmpty() ? "none recorded" : String.join("; ", forks)));
        JsonNode stolen = jfr.path("stolenCpu");
        if (stolen.has("median")) {
            out.append(String.format(Locale.ROOT, "CPU time stolen by the hypervisor for other guests during a set's rounds (`/proc/stat`'s steal,"
                    + " always 0 outside a virtual machine): %.1f%% (median; sets %.1f%% to %.1f%%).%n%n",
                    100 * stolen.path("median").asDouble(), 100 * stolen.path("low").asDouble(), 100 * stolen.path("high").asDouble()));
        }
    }

    private static String perRound(JsonNode perRound) {
        List<String> rounds = new ArrayList<>();
        for (JsonNode round : perRound) {
            String floorRatio = round.has("floorRatio") ? String.format(Locale.ROOT, "floor %.2fx", round.path("floorRatio").asDouble())
                    : round.has("failed") ? "failed: " + round.path("failed").asText() : "";
            String first = round.has("first") ? " (" + round.path("first").asText() + " first)" : "";
            rounds.add(round.path("round").asInt() + first + ": " + (round.has("throughputWithJfr")
                    ? String.format(Locale.ROOT, "%s req/s with JFR, %s without%s", Fmt.num(round.path("throughputWithJfr").asDouble()),
                            Fmt.num(round.path("throughputWithoutJfr").asDouble()), floorRatio.isEmpty() ? "" : ", " + floorRatio)
                    : floorRatio.isEmpty() ? "no result" : floorRatio));
        }
        return rounds.isEmpty() ? "none recorded" : String.join("; ", rounds);
    }

    // Runs before the rounds (calibration.json without "perRound") measured one pair: its value is its range.
    private static double low(JsonNode check, String field) {
        return check.path("low").asDouble(check.path(field).asDouble());
    }

    private static double high(JsonNode check, String field) {
        return check.path("high").asDouble(check.path(field).asDouble());
    }

    /** The verdict calibration.json gives, else (older runs) judged here; {@code goal} only where the file names no limit. */
    private static String verdict(JsonNode check, String field, double goal, String straddle) {
        double limit = check.path("limit").asDouble(goal);
        double median = check.path(field).asDouble();
        String verdict = check.has("verdict") ? check.path("verdict").asText()
                : high(check, field) < limit ? "met" : low(check, field) > limit ? "missed" : "inconclusive";
        return switch (verdict) {
            case "met" -> "yes";
            case "missed" -> "no";
            default -> "cannot tell: " + straddle + " (median " + (median < limit ? "within it" : "beyond it") + ")";
        };
    }
}
