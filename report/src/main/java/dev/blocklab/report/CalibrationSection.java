package dev.blocklab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        out.append("Measured on `").append(calibration.path("variant").asText()).append("` with `GET /` alone and unpaced, so that it is CPU bound ([")
                .append(FILE).append("](").append(context.runLink()).append('/').append(FILE).append(")).\n\n");
        out.append("| check | measured | goal | met |\n|---|---|---|---|\n");
        JsonNode jfr = calibration.path("jfrOverhead");
        if (jfr.has("overhead")) {
            double overhead = jfr.path("overhead").asDouble();
            out.append(String.format(Locale.ROOT, "| JFR recording's cost in `GET /` throughput | %.1f%% (%s req/s recorded, %s without) | under 3%% | %s |%n",
                    100 * overhead, Fmt.num(jfr.path("throughputWithJfr").asDouble()), Fmt.num(jfr.path("throughputWithoutJfr").asDouble()),
                    overhead < 0.03 ? "yes" : "no"));
        } else {
            out.append("| JFR recording's cost | not measured: ").append(jfr.path("failed").asText("no result")).append(" | under 3% | - |\n");
        }
        JsonNode floor = calibration.path("harnessFloor");
        if (floor.has("ratio")) {
            double ratio = floor.path("ratio").asDouble();
            out.append(String.format(Locale.ROOT, "| harness floor: JMH `GET /` p50 against wrk's, no load | %s ms against %s ms (%.2fx) | within 1.5x | %s |%n",
                    Fmt.num(floor.path("jmhP50Ms").asDouble()), Fmt.num(floor.path("wrkP50Ms").asDouble()), ratio, ratio <= 1.5 ? "yes" : "no"));
        } else {
            out.append("| harness floor against wrk | ").append(floor.path("wrk").asText("not measured")).append(" | within 1.5x | - |\n");
        }
        out.append('\n');
    }
}
