package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each profile's scenarios with their own levels: the sweep on http, the rest of the seed's table where the lesson shows. */
class ProfileTest {
    @Test
    void fullMeasuresEveryRowOfTheSeedsTableAndSweepsHttp() {
        Profile full = Profile.FULL;
        assertEquals(List.of(Scenario.HTTP, Scenario.DB, Scenario.MARIADB, Scenario.S3, Scenario.FILE, Scenario.SLEEP, Scenario.CPU),
                full.scenarios());
        assertEquals(List.of(1, 16, 64, 1024, 4096, 8192), full.levels(Scenario.HTTP));
        assertEquals(List.of(16, 1024, 4096), full.levels(Scenario.DB), "PostgreSQL at 16 and far past its pool");
        assertEquals(List.of(16), full.levels(Scenario.CPU));
        assertEquals(List.of(16), full.levels(Scenario.MIXED), "a scenario asked for by name: the rows' level");
        for (Scenario scenario : full.scenarios()) {
            assertTrue(full.levels(scenario).contains(16), scenario + " at 16 in flight, the lesson's level");
        }
    }

    @Test
    void aPlanHasACellPerVariantScenarioAndLevelPlusBaselines() {
        Map<Scenario, List<Integer>> levels = new java.util.LinkedHashMap<>();
        Profile.FULL.scenarios().forEach(s -> levels.put(s, Profile.FULL.levels(s)));
        RunPlan plan = new RunPlan(Profile.FULL, Arrays.asList(Variant.values()), levels, false, 100, 100, List.of(), true, SlowLoad.OPEN, 400);
        List<CellId> cells = plan.cells();
        // The JVM's five variants everywhere but http at 8,192, where only virtual and loop-async go; FastAPI's four on http
        // at 16 and 1,024 and on db at 16.
        assertEquals(5 + 5 * (5 + 3 + 5) + 2 + 4 * (2 + 1), cells.size());
        assertEquals(List.of(1, 16, 64, 1024, 4096, 8192), plan.concurrencies());
        assertEquals(List.of(Variant.VIRTUAL, Variant.LOOP_ASYNC), cells.stream().filter(c -> c.slowThreads() == 8192).map(CellId::variant).toList(),
                "8,192: the variants whose slow requests hold nothing of a fixed size");
        assertEquals(2, Profile.FULL.forks(CellId.mixed(Variant.VIRTUAL, Scenario.HTTP, 2560, 1024)), "1,024: two forks, their spread shown");
        assertEquals(1, Profile.FULL.forks(CellId.mixed(Variant.VIRTUAL, Scenario.HTTP, 10240, 4096)), "4,096 and up: one fork");
        assertEquals(4096, plan.parameters().singleForkFrom().getAsInt());
        assertEquals(1, Profile.FULL.forks(CellId.mixed(Variant.PLATFORM, Scenario.MARIADB, 100, 16)), "the seed's one-level rows: one fork");
        assertEquals(2, Profile.FULL.forks(CellId.mixed(Variant.PLATFORM, Scenario.DB, 100, 16)), "db's sweep: two forks");
        assertEquals(2, Profile.FULL.forks(CellId.baseline(Variant.PLATFORM)), "a baseline: two forks");
        assertEquals(List.of("mariadb", "s3", "file", "sleep", "cpu"), plan.parameters().singleForkScenarios());
        List<CellId> asked = new RunPlan(Profile.FULL, Arrays.asList(Variant.values()), Map.of(Scenario.HTTP, List.of(8192)), true, 100, 100,
                List.of(), false, SlowLoad.OPEN, 400).cells();
        assertEquals(5, asked.stream().filter(c -> c.slowThreads() == 8192 && c.variant().edition() == Edition.JVM).count(),
                "a level the run asks for is measured for every variant");
        assertEquals(cells.size(), cells.stream().distinct().count(), "no cell twice");
    }

    @Test
    void theFastApiEditionJoinsWhereItsProfileSaysUnlessTheRunNamesItsLevels() {
        Map<Scenario, List<Integer>> levels = new java.util.LinkedHashMap<>();
        Profile.QUICK.scenarios().forEach(s -> levels.put(s, Profile.QUICK.levels(s)));
        List<Variant> all = Arrays.asList(Variant.values());
        List<CellId> quick = new RunPlan(Profile.QUICK, all, levels, false, 100, 100, List.of(), false, SlowLoad.OPEN, 400).cells();
        List<CellId> python = quick.stream().filter(c -> c.variant().edition() == Edition.FASTAPI).toList();
        assertEquals(4, python.size(), "quick: the seed's claim, http at 16 in flight, no baseline: " + python);
        assertTrue(python.stream().allMatch(c -> c.scenario().orElseThrow() == Scenario.HTTP && c.slowThreads() == 16));

        Map<Scenario, List<Integer>> asked = new java.util.LinkedHashMap<>();
        asked.put(Scenario.MIXED, List.of(64));
        asked.put(Scenario.S3, List.of(64));
        List<CellId> named = new RunPlan(Profile.QUICK, all, asked, true, 100, 100, List.of(), false, SlowLoad.OPEN, 400).cells();
        assertEquals(9 + 9 + 5, named.size(), "baselines and mixed for all nine; s3, which FastAPI does not serve, for the JVM's five");
    }
}
