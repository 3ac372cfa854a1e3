package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration figures appear beside their goals with their spread; a missed or undecidable goal is said so. */
class CalibrationSectionTest {
    @Test
    void showsEachCheckWithItsRangeAndVerdict(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async","rounds":2,
                 "perRound":[{"round":1,"throughputWithJfr":900.0,"throughputWithoutJfr":1000.0,"floorRatio":1.2},
                             {"round":2,"throughputWithJfr":1010.0,"throughputWithoutJfr":1000.0,"floorRatio":1.3}],
                 "jfrOverhead":{"overhead":0.045,"low":-0.01,"high":0.1,"verdict":"inconclusive"},
                 "harnessFloor":{"jmhP50Ms":0.07,"wrkP50Ms":0.055,"ratio":1.25,"low":1.2,"high":1.3,"verdict":"met"}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("## Calibration"), report);
        assertTrue(report.contains("| 4.5% | rounds -1.0% to 10.0% | under 3% | cannot tell: the rounds straddle the goal (median beyond it) |"), report);
        assertTrue(report.contains("| 1.25x | rounds 1.20x to 1.30x | within 1.5x | yes |"), report);
        assertTrue(report.contains("1: 900 req/s with JFR, 1000 without, floor 1.20x; 2: 1010 req/s"), report);
    }

    @Test
    void jfrsCostFromInterleavedSlicesShowsItsIntervalAndTheControl(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async","rounds":2,
                 "jfrOverhead":{"limit":0.03,"method":"interleaved slices","sliceMs":20,"roundsPerFork":200,"forks":2,
                                "confidence":0.95,"slices":"calibration/jfr-cost/jfr-cost-slices.csv",
                                "throughputWithJfr":19800.0,"throughputWithoutJfr":20000.0,
                                "overhead":0.004,"ciLow":-0.001,"ciHigh":0.009,"verdict":"met",
                                "control":{"difference":-0.014,"ciLow":-0.019,"ciHigh":-0.009},
                                "stolenCpu":{"median":0.012,"low":0.004,"high":0.031},
                                "perFork":[{"fork":1,"overhead":0.009,"control":-0.019},{"fork":2,"overhead":-0.001,"control":-0.009}]},
                 "perRound":[{"round":1,"jmhP50Ms":0.07,"wrkP50Ms":0.05,"floorRatio":1.4},{"round":2,"jmhP50Ms":0.08}],
                 "harnessFloor":{"jmhP50Ms":0.075,"wrkP50Ms":0.05,"ratio":1.4,"low":1.4,"high":1.4,"verdict":"met",
                                 "warmupSeconds":12,"measuredSeconds":9}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("during a set's rounds (`/proc/stat`'s steal, always 0 outside a virtual machine): 1.2% (median; sets 0.4% to 3.1%)"), report);
        assertTrue(report.contains("on a fresh server, each warmed up for 12 s and measured for 9 s (per JMH fork);"), report);
        assertTrue(report.contains("| 0.4% | 95.0% interval -0.1% to 0.9% | under 3% | yes |"), report);
        assertTrue(report.contains("| -1.4% | 95.0% interval -1.9% to -0.9% | about 0 | - |"), report);
        assertTrue(report.contains("20 ms slices") && report.contains("200 rounds per set of servers, 2 sets"), report);
        assertTrue(report.contains("Per set, cost / control: 1: 0.9% / -1.9%; 2: -0.1% / -0.9%."), report);
        assertTrue(report.contains("medians: 19800 req/s recorded, 20000 without"), report);
        assertTrue(report.contains("Per round: 1: floor 1.40x; 2: no result."), report);
    }

    @Test
    void aFloorMeasuredOnOneServerPerRoundShowsTheMediansIntervalAndTheRoundsRange(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async","rounds":9,
                 "jfrOverhead":{"limit":0.03,"method":"interleaved slices","against":"mean of both unrecorded servers","sliceMs":20,
                                "roundsPerFork":120,"forks":20,"confidence":0.959,"slices":"calibration/jfr-cost/jfr-cost-slices.csv",
                                "throughputWithJfr":16600.0,"throughputWithoutJfr":17100.0,"overhead":0.02,"ciLow":0.01,"ciHigh":0.04,
                                "verdict":"inconclusive","control":{"difference":0.01,"ciLow":-0.01,"ciHigh":0.02},"perFork":[]},
                 "perRound":[{"round":1,"first":"wrk","jmhP50Ms":0.05,"wrkP50Ms":0.04,"floorRatio":1.25},
                             {"round":2,"first":"jmh","failed":"server (floor) did not start"}],
                 "harnessFloor":{"limit":1.5,"method":"one server per round for both","jmhP50Ms":0.05,"wrkP50Ms":0.04,"ratio":1.25,
                                 "low":1.05,"high":1.62,"confidence":0.961,"ciLow":1.1,"ciHigh":1.45,"verdict":"met",
                                 "warmupSeconds":12,"measuredSeconds":9}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
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
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async","rounds":1,
                 "jfrOverhead":{"limit":0.03,"method":"interleaved slices","failed":"server (control) did not start"},
                 "perRound":[{"round":1,"jmhP50Ms":0.07,"wrkP50Ms":0.05,"floorRatio":1.4}],
                 "harnessFloor":{"jmhP50Ms":0.07,"wrkP50Ms":0.05,"ratio":1.4,"low":1.4,"high":1.4,"verdict":"met"}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("| JFR recording's cost | not measured: server (control) did not start |"), report);
        assertFalse(report.contains("**JFR's cost.**"), report);
        assertFalse(report.contains("side-by-side pairs"), report);
        assertTrue(report.contains("**Harness floor.** 1 rounds") && report.contains("Per round: 1: floor 1.40x."), report);
    }

    @Test
    void aSinglePairFromAnOlderRunIsJudgedOnItsValue(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async",
                 "jfrOverhead":{"throughputWithJfr":910.0,"throughputWithoutJfr":1000.0,"overhead":0.09},
                 "harnessFloor":{"jmhP50Ms":0.087,"wrkP50Ms":0.055,"ratio":1.58}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("| 9.0% | rounds 9.0% to 9.0% | under 3% | no |"), report);
        assertTrue(report.contains("| 1.58x | rounds 1.58x to 1.58x | within 1.5x | no |"), report);
    }

    @Test
    void noCalibrationFileNoSection(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains("## Calibration"));
    }
}
