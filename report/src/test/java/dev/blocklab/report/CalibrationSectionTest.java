package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.results.Calibration;
import dev.blocklab.results.Calibration.Control;
import dev.blocklab.results.Calibration.FloorCheck;
import dev.blocklab.results.Calibration.FloorRound;
import dev.blocklab.results.Calibration.JfrCheck;
import dev.blocklab.results.Calibration.JfrSet;
import dev.blocklab.results.Calibration.Spread;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.vocabulary.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration figures appear beside their goals with their spread; a missed or undecidable goal is said so. */
class CalibrationSectionTest {
    private static final String AGAINST = "mean of both unrecorded servers";

    @Test
    void jfrsCostFromInterleavedSlicesShowsItsIntervalAndTheControl(@TempDir Path dir) throws Exception {
        JfrCheck jfr = jfr(0.004, -0.001, 0.009, "met", 0.95, new Control(-0.014, -0.019, -0.009), Optional.of(new Spread(0.012, 0.004, 0.031)),
                List.of(new JfrSet(1, 0.009, -0.019, 19700, 20000, OptionalDouble.empty()), new JfrSet(2, -0.001, -0.009, 19900, 20000,
                        OptionalDouble.empty())));
        String report = render(dir, new Calibration(Variant.LOOP_ASYNC, jfr, 2,
                List.of(round(1, "wrk", 0.07, 0.05), new FloorRound(2, "jmh", Optional.empty(), OptionalDouble.of(0.08), OptionalDouble.empty(),
                        OptionalDouble.empty())), floor(1.4, 1.4, 1.4, 0.95, 1.4, 1.4, "met")));
        assertTrue(report.contains("during a set's rounds (`/proc/stat`'s steal, always 0 outside a virtual machine): 1.2% (median; sets 0.4% to 3.1%)"), report);
        assertTrue(report.contains("| 0.4% | 95.0% interval -0.1% to 0.9% | under 3% | yes |"), report);
        assertTrue(report.contains("| -1.4% | 95.0% interval -1.9% to -0.9% | about 0 | - |"), report);
        assertTrue(report.contains("20 ms slices") && report.contains("120 rounds per set of servers, 2 sets"), report);
        assertTrue(report.contains("Per set, cost / control: 1: 0.9% / -1.9%; 2: -0.1% / -0.9%."), report);
        assertTrue(report.contains("medians: 19800 req/s recorded, 20000 without"), report);
        assertTrue(report.contains("Per round: 1 (wrk first): floor 1.40x; 2 (jmh first): no result."), report);
    }

    @Test
    void aFloorMeasuredOnOneServerPerRoundShowsTheMediansIntervalAndTheRoundsRange(@TempDir Path dir) throws Exception {
        JfrCheck jfr = jfr(0.02, 0.01, 0.04, "inconclusive", 0.959, new Control(0.01, -0.01, 0.02), Optional.empty(), List.of());
        String report = render(dir, new Calibration(Variant.LOOP_ASYNC, jfr, 9,
                List.of(round(1, "wrk", 0.05, 0.04), new FloorRound(2, "jmh", Optional.of("server (floor) did not start"), OptionalDouble.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty())), floor(1.25, 1.05, 1.62, 0.961, 1.1, 1.45, "met")));
        assertTrue(report.contains("| 1.25x | 96.1% interval 1.10x to 1.45x (rounds 1.05x to 1.62x) | within 1.5x | yes |"), report);
        assertTrue(report.contains("**Harness floor.** 9 rounds, each on a fresh server that both"), report);
        assertTrue(report.contains("warms the server up for 12 s") && report.contains("measures for 9 s"), report);
        assertTrue(report.contains("the recorded server against the mean of both unrecorded servers"), report);
        assertTrue(report.contains("16600 req/s recorded, 17100 without, the mean of both unrecorded servers"), report);
        assertTrue(report.contains("Per round: 1 (wrk first): floor 1.25x; 2 (jmh first): failed: server (floor) did not start."), report);
        assertTrue(report.contains("| 2.0% | 95.9% interval 1.0% to 4.0% | under 3% | cannot tell: the interval straddles the goal (median within it) |"), report);
    }

    @Test
    void aFailedCheckIsSaidWithItsReasonAndTheFloorStillShows(@TempDir Path dir) throws Exception {
        JfrCheck failed = new JfrCheck("goal", 0.03, "interleaved slices", AGAINST, 20, 120, "calibration/jfr-cost/jfr-cost-slices.csv",
                Optional.of("server (control) did not start"), 0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        String report = render(dir, new Calibration(Variant.LOOP_ASYNC, failed, 1, List.of(round(1, "wrk", 0.07, 0.05)),
                floor(1.4, 1.4, 1.4, 0.5, 1.4, 1.4, "inconclusive")));
        assertTrue(report.contains("| JFR recording's cost | not measured: server (control) did not start |"), report);
        assertFalse(report.contains("**JFR's cost.**"), report);
        assertTrue(report.contains("**Harness floor.** 1 rounds") && report.contains("Per round: 1 (wrk first): floor 1.40x."), report);
        assertTrue(report.contains("cannot tell: the interval straddles the goal (median within it)"), report);
    }

    @Test
    void aFloorWithoutWrkSaysWhy(@TempDir Path dir) throws Exception {
        FloorCheck none = new FloorCheck("goal", 1.5, "one server per round for both", 12, 9, OptionalDouble.of(0.05), OptionalDouble.empty(),
                Optional.of("not measured: wrk is not installed (Debian package wrk)"), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty());
        String report = render(dir, new Calibration(Variant.LOOP_ASYNC, jfr(0.01, 0.0, 0.02, "met", 0.959, new Control(0, -0.01, 0.01),
                Optional.empty(), List.of()), 10, List.of(), none));
        assertTrue(report.contains("| harness floor against wrk | not measured: wrk is not installed (Debian package wrk) | - | within 1.5x | - |"), report);
    }

    @Test
    void theLoadGeneratorsCapacityShowsBesideItsGoalAndAFailureSaysWhy(@TempDir Path dir, @TempDir Path other) throws Exception {
        Calibration.GeneratorCheck met = new Calibration.GeneratorCheck("goal", "loop-async_sleep_d100_c80", 400, 800, 0.95, 5.0, Optional.empty(),
                OptionalDouble.of(798.4), OptionalDouble.of(1.2), OptionalDouble.of(3.4), OptionalDouble.of(0.61), 2, Optional.of("met"),
                OptionalDouble.of(0.36), OptionalDouble.of(0.2));
        String report = render(dir, new Calibration(Variant.LOOP_ASYNC, jfr(0.01, 0.0, 0.02, "met", 0.959, new Control(0, -0.01, 0.01),
                Optional.empty(), List.of()), 1, List.of(round(1, "wrk", 0.07, 0.05)), floor(1.4, 1.4, 1.4, 0.5, 1.4, 1.4, "met"), Optional.of(met)));
        assertTrue(report.contains("| load generator at 800 req/s, 2.00x the sweep's highest rate (`loop-async_sleep_d100_c80`) | 798 sent/s (100%), "
                + "send lag p99 3.40 ms | dispatch lag p99 1.20 ms; client JVM 0.610 cores | 95% sent, send lag p99 under 5 ms | yes |"), report);
        assertTrue(report.contains("**Load generator.**") && report.contains("(400 req/s)"), report);
        assertTrue(report.contains("| the load generator's own threads' CPU at the sweep's highest rate, 400 req/s, against the same route | 0.200 cores, "
                + "10% of the machine | its pacer and the HTTP engine's event loops | at most 25% | yes |"), report);
        assertTrue(report.contains("| the whole client JVM's CPU at the sweep's highest rate, 400 req/s, against the same route | 0.360 cores, 18% of the machine"
                + " | the generator, the open-loop probe, JMH's `GET /` thread, the JIT and GC: the harness's whole cost | not judged: the goal is "
                + "the generator's own (the row above) | - |"), report);

        Calibration.GeneratorCheck failed = new Calibration.GeneratorCheck("goal", "loop-async_sleep_d100_c80", 400, 800, 0.95, 5.0,
                Optional.of("the fork wrote no fork.json"), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                2, Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        String without = render(other, new Calibration(Variant.LOOP_ASYNC, jfr(0.01, 0.0, 0.02, "met", 0.959,
                new Control(0, -0.01, 0.01), Optional.empty(), List.of()), 1, List.of(round(1, "wrk", 0.07, 0.05)),
                floor(1.4, 1.4, 1.4, 0.5, 1.4, 1.4, "met"), Optional.of(failed)));
        assertTrue(without.contains("| not measured: the fork wrote no fork.json | - | 95% sent, send lag p99 under 5 ms | - |"), without);
    }

    @Test
    void noCalibrationFileNoSection(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains("## Calibration"));
    }

    private static String render(Path dir, Calibration calibration) throws Exception {
        Path run = Fixtures.copy(dir);
        ResultsFormat.write(run.resolve(RunLayout.CALIBRATION), calibration);
        return Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
    }

    private static JfrCheck jfr(double overhead, double low, double high, String verdict, double confidence, Control control,
            Optional<Spread> stolen, List<JfrSet> sets) {
        boolean slow = sets.isEmpty();
        return new JfrCheck("recording costs under 3% of GET / throughput", 0.03, "interleaved slices", AGAINST, 20, 120,
                "calibration/jfr-cost/jfr-cost-slices.csv", Optional.empty(), slow ? 20 : sets.size(),
                OptionalDouble.of(slow ? 16600 : 19800), OptionalDouble.of(slow ? 17100 : 20000), OptionalDouble.of(confidence),
                OptionalDouble.of(overhead), OptionalDouble.of(low), OptionalDouble.of(high), Optional.of(verdict), Optional.of(control), stolen, sets);
    }

    private static FloorRound round(int round, String first, double jmh, double wrk) {
        return new FloorRound(round, first, Optional.empty(), OptionalDouble.of(jmh), OptionalDouble.of(wrk), OptionalDouble.of(jmh / wrk));
    }

    private static FloorCheck floor(double ratio, double low, double high, double confidence, double ciLow, double ciHigh, String verdict) {
        return new FloorCheck("JMH's GET / p50 with no load within 1.5x of wrk's", 1.5, "one server per round for both", 12, 9,
                OptionalDouble.of(0.05), OptionalDouble.of(0.04), Optional.empty(), OptionalDouble.of(ratio), OptionalDouble.of(low),
                OptionalDouble.of(high), OptionalDouble.of(confidence), OptionalDouble.of(ciLow), OptionalDouble.of(ciHigh), OptionalInt.of(9),
                Optional.of(verdict));
    }
}
