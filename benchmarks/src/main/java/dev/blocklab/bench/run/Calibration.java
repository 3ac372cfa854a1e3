package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.bench.CellId;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the instrument: what JFR recording costs (the fast endpoint alone, unpaced so that it is CPU
 * bound, with and without recording) and the harness floor next to wrk's on the same server.
 */
final class Calibration {
    static final String FILE = "calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRK_P50 = Pattern.compile("^\\s*50%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private Calibration() {}

    static ObjectNode run(Variant variant, CellRunner runner, Path runDir, List<String> serverArgs, Path logs) throws IOException {
        ObjectNode result = JSON.createObjectNode();
        result.put("variant", variant.id());
        Path dir = Files.createDirectories(runDir.resolve("calibration"));
        CellId cell = CellId.baseline(variant);
        JsonNode withJfr = measure(runner, cell, dir.resolve("jfr-on"), "true");
        JsonNode withoutJfr = measure(runner, cell, dir.resolve("jfr-off"), "false");
        ObjectNode jfr = result.putObject("jfrOverhead");
        jfr.put("goal", "recording costs under 3% of GET / throughput");
        if (withJfr != null && withoutJfr != null) {
            double on = withJfr.path("fast").path("throughput").asDouble();
            double off = withoutJfr.path("fast").path("throughput").asDouble();
            jfr.put("throughputWithJfr", on);
            jfr.put("throughputWithoutJfr", off);
            jfr.put("overhead", off > 0 ? 1 - on / off : Double.NaN);
        } else {
            jfr.put("failed", "a calibration cell produced no result (see calibration/*/jmh.log)");
        }
        ObjectNode floor = result.putObject("harnessFloor");
        floor.put("goal", "JMH's GET / p50 with no load within 1.5x of wrk's");
        if (withoutJfr != null) {
            floor.put("jmhP50Ms", withoutJfr.path("fast").path("latencyMs").path("p50").asDouble());
        }
        Optional<Double> wrk = wrkP50Ms(variant, serverArgs, logs);
        if (wrk.isPresent()) {
            floor.put("wrkP50Ms", wrk.get());
            if (withoutJfr != null) {
                floor.put("ratio", withoutJfr.path("fast").path("latencyMs").path("p50").asDouble() / wrk.get());
            }
        } else {
            floor.put("wrk", "not measured: wrk is not installed (Debian package wrk)");
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(runDir.resolve(FILE).toFile(), result);
        return result;
    }

    private static JsonNode measure(CellRunner runner, CellId cell, Path dir, String record) throws IOException {
        Files.createDirectories(dir);
        try {
            runner.run(cell, dir, Map.of("record", record, "fastIntervalUs", "0"));
            JsonNode summary = CellSummary.summarize(cell, dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CellSummary.CELL_JSON).toFile(), summary);
            return summary;
        } catch (Exception e) {
            return null;
        }
    }

    /** wrk's median latency of GET / with one connection, on a fresh server without recording. */
    private static Optional<Double> wrkP50Ms(Variant variant, List<String> serverArgs, Path logs) {
        List<String> args = new ArrayList<>(List.of("--variant", variant.id()));
        args.addAll(serverArgs);
        try (ManagedProcess server = ManagedProcess.start("server (wrk)", ServerMain.class, List.of(), args, Map.of(),
                ManagedProcess.file(logs.resolve("calibration-wrk-server.log")), Duration.ofSeconds(60))) {
            String url = "http://127.0.0.1:" + server.ready().get("port").asInt() + "/";
            Process wrk = new ProcessBuilder("wrk", "-t1", "-c1", "-d10s", "--latency", url).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                return Optional.empty();
            }
            Files.writeString(logs.resolve("calibration-wrk.txt"), output);
            Matcher m = WRK_P50.matcher(output);
            if (!m.find()) {
                return Optional.empty();
            }
            double value = Double.parseDouble(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            });
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String describe(JsonNode c) {
        JsonNode jfr = c.path("jfrOverhead");
        JsonNode floor = c.path("harnessFloor");
        return String.format(java.util.Locale.ROOT, "JFR overhead %s; harness floor: JMH p50 %s ms, wrk p50 %s",
                jfr.has("overhead") ? String.format(java.util.Locale.ROOT, "%.1f%%", 100 * jfr.path("overhead").asDouble()) : "n/a",
                floor.has("jmhP50Ms") ? String.format(java.util.Locale.ROOT, "%.3f", floor.path("jmhP50Ms").asDouble()) : "n/a",
                floor.has("wrkP50Ms") ? String.format(java.util.Locale.ROOT, "%.3f ms (ratio %.2f)", floor.path("wrkP50Ms").asDouble(),
                        floor.path("ratio").asDouble()) : "not measured (wrk not installed)");
    }
}
