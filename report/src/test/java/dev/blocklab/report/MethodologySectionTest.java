package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.results.RunManifest;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MethodologySectionTest {

    @Test
    void theForksSayWhichCellsHaveOne() {
        assertEquals("2 fork(s) per cell", MethodologySection.forks(parameters(OptionalInt.empty(), List.of())));
        assertEquals("", MethodologySection.singleForkReason(parameters(OptionalInt.empty(), List.of())));
        assertEquals("2 fork(s) per cell (1 from 4096 in flight and for `mariadb`, `cpu`)",
                MethodologySection.forks(parameters(OptionalInt.of(4096), List.of("mariadb", "cpu"))));
        assertEquals("2 fork(s) per cell (1 for `mariadb`)", MethodologySection.forks(parameters(OptionalInt.empty(), List.of("mariadb"))));
        assertTrue(MethodologySection.singleForkReason(parameters(OptionalInt.of(4096), List.of("mariadb"))).contains("no range over forks"));
    }

    private static RunManifest.Parameters parameters(OptionalInt singleForkFrom, List<String> singleForkScenarios) {
        return new RunManifest.Parameters("full", List.of("platform"), List.of("http"), List.of(16), 100, 100, true, 2, "1 x 2 s",
                "3 x 2 s", List.of(), List.of(), "open", OptionalInt.of(400), singleForkFrom, singleForkScenarios);
    }
}
