package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration figures appear beside their goals, a missed goal said so; no file, no section. */
class CalibrationSectionTest {
    @Test
    void showsEachCheckAgainstItsGoal(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        Files.writeString(run.resolve(CalibrationSection.FILE), """
                {"variant":"loop-async",
                 "jfrOverhead":{"throughputWithJfr":910.0,"throughputWithoutJfr":1000.0,"overhead":0.09},
                 "harnessFloor":{"jmhP50Ms":0.087,"wrkP50Ms":0.055,"ratio":1.58}}""");
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertTrue(report.contains("## Calibration"), report);
        assertTrue(report.contains("| 9.0% (910 req/s recorded, 1000 without) | under 3% | no |"), report);
        assertTrue(report.contains("(1.58x) | within 1.5x | no |"), report);
    }

    @Test
    void noCalibrationFileNoSection(@TempDir Path dir) throws Exception {
        Path run = Fixtures.copy(dir);
        String report = Files.readString(ReportRenderer.render(run, Optional.empty(), dir.resolve("REPORT.md")).report());
        assertFalse(report.contains("## Calibration"));
    }
}
