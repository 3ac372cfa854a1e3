package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.blocklab.results.Calibration;
import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.OpenLoad;
import dev.blocklab.results.ProcessCost;
import dev.blocklab.results.Window;
import dev.blocklab.vocabulary.CellId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator's capacity check: the cell it runs, and its verdict from the fork's own self-check. */
class GeneratorCapacityTest {
    @Test
    void theCheckRunsAtTwiceTheSweepsHighestRateAgainstTheEventLoopsTimer() {
        assertEquals("loop-async_sleep_d100_c80", GeneratorCapacity.cell(400).name(), "800 req/s at D = 100 ms: 80 in flight");
        RunPlan plan = new RunPlan(Profile.FULL, List.of(dev.blocklab.vocabulary.Variant.LOOP_ASYNC), java.util.Map.of(
                dev.blocklab.vocabulary.Scenario.HTTP, List.of(16, 1024, 4096)), true, 100, 100, List.of(), true, SlowLoad.OPEN, 400);
        assertEquals(400.0, plan.highestRate(), 1.0, "1,024 and 4,096 in flight are stretched to the 400 req/s the machine may be asked");
    }

    @Test
    void metWhenItSentWhatWasDueOnTimeMissedWhenLateOrShort() {
        CellId cell = GeneratorCapacity.cell(400);
        Calibration.GeneratorCheck onTime = GeneratorCapacity.judge(cell, 400, 800, fork(7200, 7190, 3.1), Optional.of(fork(3600, 3600, 1.0, 0.3, 900)));
        assertEquals(Optional.of("met"), onTime.verdict());
        assertEquals(7190 / 9.0, onTime.achievedRate().orElseThrow(), 1e-6);
        assertEquals(0.55, onTime.clientCores().orElseThrow(), 1e-9);
        assertEquals(0.3 / Runtime.getRuntime().availableProcessors(), onTime.clientShareAtSweepRate().orElseThrow(), 1e-9,
                "the client's share at the sweep's own rate: its cores over the machine's");
        assertEquals(0.1 / Runtime.getRuntime().availableProcessors(), onTime.generatorShareAtSweepRate().orElseThrow(), 1e-9,
                "the generator's own threads: 900 ms of CPU over the 9 s window");
        assertEquals(Optional.of("missed"), GeneratorCapacity.judge(cell, 400, 800, fork(7200, 7190, 12.0), Optional.empty()).verdict(), "late");
        assertEquals(Optional.of("missed"), GeneratorCapacity.judge(cell, 400, 800, fork(7200, 6000, 3.1), Optional.empty()).verdict(), "short");
        assertEquals(OptionalDouble.empty(), GeneratorCapacity.judge(cell, 400, 800, fork(7200, 6000, 3.1), Optional.empty()).generatorShareAtSweepRate());
    }

    private static ForkRecord fork(long due, long sent, double sendLagP99Ms) {
        return fork(due, sent, sendLagP99Ms, 0.55, 0);
    }

    private static ForkRecord fork(long due, long sent, double sendLagP99Ms, double clientCores, double generatorCpuMs) {
        OpenLoad load = new OpenLoad(800, 80, OpenLoad.capFor(80), due, sent, due - sent, 1.0, sendLagP99Ms, new TreeMap<>(),
                OptionalDouble.of(generatorCpuMs));
        return new ForkRecord("loop-async_sleep_d100_c80", JsonNodeFactory.instance.objectNode(), "", new Window("a", "b", 9.0),
                new ForkRecord.Counts(sent, 0, sent / 9.0), new ForkRecord.Counts(900, 0, 100), ForkRecord.ProbeCounts.OFF,
                List.of(new ProcessCost("client", 4950, clientCores, OptionalLong.empty(), OptionalLong.empty())), OptionalDouble.empty(), Optional.of(load));
    }
}
