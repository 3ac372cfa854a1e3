package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.bench.CellId;
import dev.blocklab.bench.ServerJvm;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.server.ServerMain;
import dev.blocklab.server.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the instrument: what JFR recording costs ({@link JfrCost}: interleaved slices against live servers) and
 * the harness floor, JMH's {@code GET /} median next to wrk's on the same server.
 *
 * <p>On a shared machine two identical measurements differ by tens of percent. The floor is therefore measured in
 * rounds, each on a fresh server that JMH and wrk both measure (two servers of one build differ by several percent
 * for their whole life, which would otherwise land in the ratio), and judged like JFR's cost: the median of the
 * rounds with its distribution-free confidence interval, met when the whole interval is under the goal.
 */
final class Calibration {
    static final String FILE = "calibration.json";
    /**
     * Ten rounds, five with each tool first: the interval is [x(2), x(9)] of the sorted ratios, 97.9% coverage (with
     * 5, only the range, 93.8%, short of {@link MedianInterval#CONFIDENCE}).
     */
    static final int ROUNDS = 10;
    static final double JFR_GOAL = 0.03;
    static final double FLOOR_GOAL = 1.5;
    /**
     * The floor is a steady-state figure, as wrk measures it: a fresh server and a fresh JMH fork are both cold,
     * and one warm-up iteration of a cell left the first measured one ~2x slower than the next (a published run).
     * JMH and wrk measure for the same time, each after the server has been warmed up for as long.
     */
    static final int FLOOR_WARMUP_ITERATIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRK_P50 = Pattern.compile("^\\s*50%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private Calibration() {}

    static ObjectNode run(Variant variant, CellRunner runner, Path runDir, List<String> serverArgs, Path logs) throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("calibration"));
        ObjectNode result = JSON.createObjectNode();
        result.put("variant", variant.id());
        result.set("jfrOverhead", JfrCost.measure(variant, serverArgs, runDir, JFR_GOAL));
        result.put("rounds", ROUNDS);
        result.set("harnessFloor", floor(variant, runner, dir, serverArgs, logs, result.putArray("perRound")));
        JSON.writerWithDefaultPrettyPrinter().writeValue(runDir.resolve(FILE).toFile(), result);
        return result;
    }

    /**
     * {@link #ROUNDS} times: a fresh server without recording, measured by wrk and by JMH's baseline cell (one fork,
     * no pacing, no open-loop probe: one connection, as wrk's), which of the two goes first alternating. The first
     * warms the server up; JMH always warms its own fork up too.
     */
    private static ObjectNode floor(Variant variant, CellRunner runner, Path dir, List<String> serverArgs, Path logs,
            ArrayNode rounds) throws IOException {
        CellId cell = CellId.baseline(variant);
        CellRunner steady = runner.oneForkWarmedUp(FLOOR_WARMUP_ITERATIONS);
        List<Double> floorRatios = new ArrayList<>();
        List<Double> jmhP50s = new ArrayList<>();
        List<Double> wrkP50s = new ArrayList<>();
        boolean wrkInstalled = which("wrk");
        List<String> args = new ArrayList<>(List.of("--variant", variant.id()));
        args.addAll(serverArgs);
        for (int round = 1; round <= ROUNDS; round++) {
            ObjectNode r = rounds.addObject();
            r.put("round", round);
            boolean wrkFirst = round % 2 == 1;
            r.put("first", wrkFirst ? "wrk" : "jmh");
            Optional<Double> wrk = Optional.empty();
            JsonNode jmh = null;
            Path wrkOutput = logs.resolve("calibration-wrk-round-" + round + ".txt");
            try (ManagedProcess server = ManagedProcess.start("server (floor)", ServerMain.class, ServerJvm.options(Optional.empty()), args, Map.of(),
                    ManagedProcess.file(logs.resolve("calibration-floor-round-" + round + "-server.log")), Duration.ofSeconds(60))) {
                String url = ServerMain.baseUri(server.ready()).toString();
                if (wrkInstalled && wrkFirst) {
                    wrk = wrkP50Ms(url + "/", steady, true, wrkOutput);
                }
                jmh = measure(steady, cell, dir.resolve("round-" + round).resolve("jmh"), url);
                if (wrkInstalled && !wrkFirst) {
                    wrk = wrkP50Ms(url + "/", steady, false, wrkOutput);
                }
            } catch (RuntimeException e) {
                r.put("failed", e.getMessage());
            }
            if (jmh != null) {
                double p50 = jmh.path("fast").path("latencyMs").path("p50").asDouble();
                r.put("jmhP50Ms", p50);
                jmhP50s.add(p50);
                wrk.ifPresent(w -> {
                    r.put("wrkP50Ms", w);
                    r.put("floorRatio", p50 / w);
                    floorRatios.add(p50 / w);
                });
            }
            wrk.ifPresent(wrkP50s::add);
        }
        ObjectNode floor = JSON.createObjectNode();
        floor.put("goal", "JMH's GET / p50 with no load within 1.5x of wrk's");
        floor.put("limit", FLOOR_GOAL);
        floor.put("method", "one server per round for both");
        floor.put("warmupSeconds", steady.warmup().toSeconds());
        floor.put("measuredSeconds", steady.measurement().toSeconds());
        if (!jmhP50s.isEmpty()) {
            floor.put("jmhP50Ms", MedianInterval.median(jmhP50s));
        }
        if (!wrkP50s.isEmpty()) {
            floor.put("wrkP50Ms", MedianInterval.median(wrkP50s));
        }
        if (floorRatios.isEmpty()) {
            floor.put("wrk", wrkInstalled ? "not measured: wrk or the JMH cells failed (see logs/calibration-*)"
                    : "not measured: wrk is not installed (Debian package wrk)");
        } else {
            judge(floor, "ratio", floorRatios, FLOOR_GOAL);
        }
        return floor;
    }

    /**
     * The median of the per-round values with its confidence interval ({@link MedianInterval}), their range, and the
     * verdict of the interval against an upper limit.
     */
    static void judge(ObjectNode check, String field, List<Double> values, double limit) {
        MedianInterval interval = MedianInterval.of(values);
        check.put(field, interval.median());
        check.put("low", values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        check.put("high", values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        check.put("confidence", interval.coverage());
        check.put("ciLow", interval.low());
        check.put("ciHigh", interval.high());
        check.put("roundsJudged", values.size());
        check.put("verdict", interval.verdict(limit));
    }

    private static JsonNode measure(CellRunner runner, CellId cell, Path dir, String target) throws IOException {
        Files.createDirectories(dir);
        try {
            runner.run(cell, dir, Map.of("record", "false", "fastIntervalUs", "0", "probeRate", "0", "target", target));
            JsonNode summary = CellSummary.summarize(cell, dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CellSummary.CELL_JSON).toFile(), summary);
            return summary.path("status").asText().equals("ok") ? summary : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** wrk's median latency of {@code url} with one connection, after warming the server up when it is the first. */
    private static Optional<Double> wrkP50Ms(String url, CellRunner timing, boolean warmUp, Path output) {
        try {
            // The same shape as the JMH cell: its warm-up time, then its measurement time.
            if (warmUp) {
                run(List.of("wrk", "-t1", "-c1", "-d" + timing.warmup().toSeconds() + "s", url));
            }
            Optional<String> measured = run(List.of("wrk", "-t1", "-c1", "-d" + timing.measurement().toSeconds() + "s", "--latency", url));
            if (measured.isEmpty()) {
                return Optional.empty();
            }
            Files.writeString(output, measured.get());
            Matcher m = WRK_P50.matcher(measured.get());
            if (!m.find()) {
                return Optional.empty();
            }
            double value = Double.parseDouble(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            });
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean which(String command) {
        return run(List.of("sh", "-c", "command -v " + command)).isPresent();
    }

    static String describe(JsonNode c) {
        JsonNode jfr = c.path("jfrOverhead");
        JsonNode floor = c.path("harnessFloor");
        return String.format(Locale.ROOT, "JFR overhead %s; harness floor: JMH p50 %s ms, wrk p50 %s",
                jfr.has("overhead") ? String.format(Locale.ROOT, "%.1f%% (%.1f%% interval over the sets %.1f%% to %.1f%%: %s; control %.1f%%)",
                        100 * jfr.path("overhead").asDouble(), 100 * jfr.path("confidence").asDouble(), 100 * jfr.path("ciLow").asDouble(),
                        100 * jfr.path("ciHigh").asDouble(), jfr.path("verdict").asText(), 100 * jfr.path("control").path("difference").asDouble())
                        : jfr.path("failed").asText("n/a"),
                floor.has("jmhP50Ms") ? String.format(Locale.ROOT, "%.3f", floor.path("jmhP50Ms").asDouble()) : "n/a",
                floor.has("ratio") ? String.format(Locale.ROOT, "%.3f ms (ratio %.2f, %.1f%% interval over the rounds %.2f to %.2f: %s)",
                        floor.path("wrkP50Ms").asDouble(), floor.path("ratio").asDouble(), 100 * floor.path("confidence").asDouble(),
                        floor.path("ciLow").asDouble(), floor.path("ciHigh").asDouble(), floor.path("verdict").asText())
                        : floor.path("wrk").asText("n/a"));
    }
}
