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
        assertTrue(report.contains("| 4.5% | -1.0% to 10.0% | under 3% | cannot tell: the rounds straddle the goal (median beyond it) |"), report);
        assertTrue(report.contains("| 1.25x | 1.20x to 1.30x | within 1.5x | yes |"), report);
        assertTrue(report.contains("1: 900 req/s with JFR, 1000 without, floor 1.20x; 2: 1010 req/s"), report);
    }

    @Test
    void aSinglePairFromAnOlderRunIsJudgedOnItsValue(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async",
                 "jfrOverhead":{"throughputWithJfr":910.0,"throughputWithoutJfr":1000.0,"overhead":0.09},
                 "harnessFloor":{"jmhP50Ms":0.087,"wrkP50Ms":0.055,"ratio":1.58}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("| 9.0% | 9.0% to 9.0% | under 3% | no |"), report);
        assertTrue(report.contains("| 1.58x | 1.58x to 1.58x | within 1.5x | no |"), report);
    }

    @Test
    void noCalibrationFileNoSection(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains("## Calibration"));
    }
}
