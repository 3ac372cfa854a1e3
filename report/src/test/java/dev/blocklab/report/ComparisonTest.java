package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.launch.Commands;
import dev.blocklab.report.Comparison.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clearly worse run is flagged as a significant regression; a run against itself shows no change. */
class ComparisonTest {
    private static final String CELL = "platform_http_d100_c4";

    @TempDir
    Path dir;

    @Test
    void aRunAgainstItselfHasNoSignificantChange() throws IOException {
        Path run = Fixtures.copy(dir);
        Comparison comparison = ReportRenderer.render(run, Optional.of(run), dir.resolve("REPORT.md")).comparison().orElseThrow();
        assertEquals(0, comparison.count(Verdict.WORSE) + comparison.count(Verdict.BETTER), comparison.toString());
        assertEquals(20, comparison.changes().size(), "4 headline metrics x 5 cells");
        assertTrue(comparison.changes().stream().allMatch(c -> c.relative() == 0));
        Cli.Result result = Cli.run("--run", run.toString(), "--baseline", run.toString(), "--out", dir.resolve("R.md").toString(),
                "--fail-on-regression", "10");
        assertEquals(Commands.OK, result.exitCode(), result.err());
    }

    @Test
    void aHalvedThroughputIsASignificantRegressionAndFailsTheBuild() throws IOException {
        Path baseline = Fixtures.copy(dir);
        Path worse = Fixtures.copy(dir, "20261126T000000Z-worse00");
        slowTwiceAsSlow(Fixtures.cell(worse, CELL));
        // The fork is the unit of replication: the fixture's two iterations are read as two forks of one.
        asTwoForks(Fixtures.cell(baseline, CELL));
        asTwoForks(Fixtures.cell(worse, CELL));

        Comparison comparison = ReportRenderer.render(worse, Optional.of(baseline), dir.resolve("REPORT.md")).comparison().orElseThrow();
        Comparison.Change throughput = comparison.changes().stream()
                .filter(c -> c.cell().equals(CELL) && c.metric().equals("slow throughput")).findFirst().orElseThrow();
        assertEquals(Verdict.WORSE, throughput.verdict(), throughput.toString());
        assertEquals(-0.5, throughput.relative(), 1e-9);
        assertEquals(1, comparison.regressionsOver(10).size(), comparison.regressionsOver(10).toString());

        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("## Compared with run `" + Fixtures.RUN_ID + "`"), report);
        assertTrue(report.contains("| `" + CELL + "` | slow throughput | 35.2 req/s | 17.6 req/s | -50.0% | 0.3% | **worse** | Welch t-test over fork means, p="), report);
        assertTrue(report.contains("not tested: needs 2+ forks per run (have 1 and 1)"), "the other cells have one fork: " + report);

        Cli.Result result = Cli.run("--run", worse.toString(), "--baseline", baseline.toString(), "--out", dir.resolve("R.md").toString(),
                "--fail-on-regression", "10");
        assertEquals(Commands.FAILED, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("1 significant regression(s) over 10%: " + CELL + " slow throughput 35.2 -> 17.6 req/s (-50.0%"), result.err());
        assertEquals(Commands.OK, Cli.run("--run", worse.toString(), "--baseline", baseline.toString(), "--out",
                dir.resolve("R.md").toString(), "--fail-on-regression", "60").exitCode(), "-50% is within a 60% allowance");
    }

    @Test
    void aRegressionWithinTheCellsOwnNoiseDoesNotFailTheGate() {
        assertEquals(List.of(), new Comparison("b", List.of(worse(0.3)), List.of(), List.of()).regressionsOver(10),
                "20% worse, but this cell's forks differ by 30% on this machine");
        assertEquals(1, new Comparison("b", List.of(worse(0.1)), List.of(), List.of()).regressionsOver(10).size());
        assertEquals(1, new Comparison("b", List.of(worse(Double.NaN)), List.of(), List.of()).regressionsOver(10).size(), "one fork: no noise");
    }

    private static Comparison.Change worse(double noise) {
        return new Comparison.Change(CELL, "slow throughput", "req/s", 100, 80, -0.2, Verdict.WORSE, "test", true, noise);
    }

    @Test
    void aCellsNoiseIsTheLargerSpreadOfItsForks() throws IOException {
        Path run = Fixtures.copy(dir);
        asTwoForks(Fixtures.cell(run, CELL)); // iterations 110.9 and 110.6 ms as two forks: throughput 36.07 and 36.16 req/s
        Comparison comparison = ReportRenderer.render(run, Optional.of(run), dir.resolve("REPORT.md")).comparison().orElseThrow();
        Comparison.Change throughput = comparison.changes().stream()
                .filter(c -> c.cell().equals(CELL) && c.metric().equals("slow throughput")).findFirst().orElseThrow();
        assertEquals(0.0025, throughput.noise(), 0.0002, throughput.toString());
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("A/A noise of each cell"), "the report states the rule");
    }

    private static void asTwoForks(Path cell) {
        Json.edit(cell.resolve("cell.json"), c -> ((ObjectNode) c).put("forks", 2));
    }

    /** The slow route at twice the latency: every iteration's mean doubled, throughput halved. */
    private static void slowTwiceAsSlow(Path cell) {
        Json.edit(cell.resolve("cell.json"), c -> {
            ObjectNode slow = (ObjectNode) c.path("slow");
            ArrayNode iterations = (ArrayNode) slow.path("iterationMeansMs");
            for (int i = 0; i < iterations.size(); i++) {
                iterations.set(i, iterations.get(i).asDouble() * 2);
            }
            slow.put("throughput", slow.path("throughput").asDouble() / 2);
            slow.put("meanMs", slow.path("meanMs").asDouble() * 2);
        });
    }
}
