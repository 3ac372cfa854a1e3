package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * No sentence contradicts a table: every figure the lesson, the verdict table and the findings state about a cell is the
 * figure the measurement matrix shows for that cell. Rendered from the test fixture and from the run published in
 * this repository (the newest under {@code results/}), whose report readers actually see.
 */
class NoContradictionTest {
    private static final Pattern VERDICT_P99 = Pattern.compile("`GET /` p99, `([a-z][a-z0-9]*)` at (\\d+)");
    private static final Pattern STALLED = Pattern.compile("`([a-z-]+)` \\(([0-9.]+ ms)\\)");
    private static final Pattern FINDING_P99 = Pattern.compile("`([a-z-]+)` JMH p99 ([0-9.]+ ms), probe p99 ([0-9.]+ ms)");
    private static final Pattern FINDING_THROUGHPUT = Pattern.compile("`([a-z-]+)` ([0-9.]+) of ([0-9.]+) req/s");

    @TempDir
    Path dir;

    /** The fixture, and the run the tracked REPORT.md names (not whatever run is newest in a working copy). */
    static Stream<Path> runs() throws IOException {
        List<Path> runs = new ArrayList<>(List.of(Fixtures.source()));
        Path published = Path.of("..", "REPORT.md");
        if (Files.isRegularFile(published)) {
            Matcher id = Pattern.compile("^Run `([^`]+)`", Pattern.MULTILINE).matcher(Files.readString(published));
            if (id.find() && Files.isRegularFile(Path.of("..", "results", id.group(1), "manifest.json"))) {
                runs.add(Path.of("..", "results", id.group(1)));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void everyStatedFigureIsTheMatrixFigure(Path run) throws IOException {
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        List<String> lines = report.lines().toList();
        int checked = 0;

        // The verdict table: per variant, each scenario's GET / p99 and the first scenario's req/s at the top level.
        Table verdict = Table.after(lines, "## Verdict");
        String lesson = lines.stream().filter(l -> l.startsWith("**`GET /` while")).findFirst().orElseThrow();
        for (Map<String, String> row : verdict.rows) {
            String variant = row.get("variant");
            for (String column : verdict.columns) {
                Matcher m = VERDICT_P99.matcher(column);
                if (!m.find()) {
                    continue;
                }
                Optional<Map<String, String>> cell = matrixRow(lines, m.group(1), variant, m.group(2));
                if (cell.isEmpty()) {
                    continue;
                }
                String stated = row.get(column).replace(" **stalled**", "").replace(" *degraded*", "");
                checked++;
                if (stated.equals("harness-limited")) {
                    // A figure the harness could not drive is labelled, never shown as the server's: the matrix says why.
                    assertTrue(cell.get().get("status").startsWith("harness-limited"), variant + " " + column + ": " + cell.get().get("status"));
                    continue;
                }
                assertEquals(figure(cell.get().get("probe p99")), stated, variant + " " + column);
                if (column.contains("`" + m.group(1) + "` at") && row.get(column).contains("stalled")) {
                    assertTrue(lesson.contains(variant + " (" + stated + ")"), "the lesson names the stall of " + variant + ": " + lesson);
                    checked++;
                }
            }
            String throughputColumn = verdict.columns.stream().filter(c -> c.contains("req/s at")).findFirst().orElseThrow();
            Matcher m = Pattern.compile("`([a-z][a-z0-9]*)` req/s at (\\d+)").matcher(throughputColumn);
            assertTrue(m.find(), throughputColumn);
            Optional<Map<String, String>> cell = matrixRow(lines, m.group(1), variant, m.group(2));
            if (cell.isPresent() && !row.get(throughputColumn).equals(Fmt.NONE)) {
                assertEquals(figure(cell.get().get("slow req/s")), row.get(throughputColumn).replaceFirst(" \\(.*", ""), variant + " req/s");
                checked++;
            }
        }
        // The lesson's stalls each appear in the verdict table.
        Matcher stalls = STALLED.matcher(lesson);
        while (stalls.find()) {
            String variant = "`" + stalls.group(1) + "`";
            assertTrue(verdict.rows.stream().anyMatch(r -> r.get("variant").equals(variant) && r.values().stream()
                    .anyMatch(v -> v.startsWith(stalls.group(2)))), "lesson " + stalls.group() + " is in the verdict table");
            checked++;
        }

        // The findings: per scenario block, the top level's JMH and probe p99 and the throughput against its bound.
        String scenario = null;
        String level = null;
        for (String line : lines.subList(lines.indexOf("## Findings"), lines.size())) {
            if (line.startsWith("## ") && !line.equals("## Findings")) {
                break;
            }
            Matcher block = Pattern.compile("^- \\*\\*Scenario `([a-z][a-z0-9]*)`\\*\\*, (\\d+) slow").matcher(line);
            if (block.find()) {
                scenario = block.group(1);
                level = block.group(2);
                continue;
            }
            if (scenario == null || !line.startsWith("  - ")) {
                continue;
            }
            for (Matcher m = FINDING_P99.matcher(line); m.find(); checked++) {
                Map<String, String> cell = matrixRow(lines, scenario, "`" + m.group(1) + "`", level).orElseThrow();
                assertEquals(figure(cell.get("fast p99")), m.group(2), m.group());
                assertEquals(figure(cell.get("probe p99")), m.group(3), m.group());
            }
            if (line.startsWith("  - Slow-route throughput")) {
                for (Matcher m = FINDING_THROUGHPUT.matcher(line); m.find(); checked++) {
                    Map<String, String> cell = matrixRow(lines, scenario, "`" + m.group(1) + "`", level).orElseThrow();
                    assertEquals(figure(cell.get("slow req/s")), m.group(2), m.group());
                    assertEquals(figure(cell.get("bound req/s (limit)")), m.group(3), m.group());
                }
            }
        }
        assertTrue(checked >= 10, "too few figures checked (" + checked + "): the report's wording changed under this test");
    }

    /** The matrix row of one cell, by its scenario, variant and level; empty when the matrix has no such row. */
    private static Optional<Map<String, String>> matrixRow(List<String> lines, String scenario, String variant, String level) {
        int measurements = lines.indexOf("## Measurements");
        assertFalse(measurements < 0, "no measurement matrix");
        Table table = Table.after(lines.subList(measurements, lines.size()), "### Scenario `" + scenario + "`");
        return table.rows.stream().filter(r -> r.get("variant").equals(variant) && r.get("in flight").equals(level)).findFirst();
    }

    /** "17.9 ms (8 beyond)" -> "17.9 ms"; "35.2 ± 0.1" -> "35.2"; "40.0 (slowThreads)" -> "40.0". */
    private static String figure(String cell) {
        return cell.replaceFirst(" \\(.*", "").replaceFirst(" ± .*", "");
    }

    /** The first Markdown table after a heading line: its columns (alignment marks dropped) and rows by column. */
    private record Table(List<String> columns, List<Map<String, String>> rows) {
        static Table after(List<String> lines, String heading) {
            int at = lines.indexOf(heading);
            assertTrue(at >= 0, "no heading " + heading);
            int start = at;
            while (!lines.get(start).startsWith("| ")) {
                start++;
            }
            List<String> columns = cells(lines.get(start));
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("| "); i++) {
                List<String> values = cells(lines.get(i));
                Map<String, String> row = new HashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    row.put(columns.get(c), values.get(c));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        }

        private static List<String> cells(String line) {
            String inner = line.substring(2, line.length() - 2);
            return List.of(inner.split(" \\| ", -1));
        }
    }
}
