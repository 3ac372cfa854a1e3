package dev.blocklab.results;

import dev.blocklab.vocabulary.Variant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code calibration.json}: how far the instrument can be trusted, measured on one variant with {@code GET /}
 * alone and unpaced, and the open-model load generator's capacity against a trivial route ({@code generator}). Two checks, each judged by the median of its repetitions with a distribution-free interval
 * ({@code verdict}: met when the whole interval is under the {@code limit}, missed when it is all above, else
 * inconclusive); a check that could not run says why in {@code failed} or {@code wrk}.
 */
public record Calibration(Variant variant, JfrCheck jfrOverhead, int rounds, List<FloorRound> perRound, FloorCheck harnessFloor,
        Optional<GeneratorCheck> generator) {

    public Calibration {
        generator = generator == null ? Optional.empty() : generator; // absent in files written before the generator was checked
    }

    public Calibration(Variant variant, JfrCheck jfrOverhead, int rounds, List<FloorRound> perRound, FloorCheck harnessFloor) {
        this(variant, jfrOverhead, rounds, perRound, harnessFloor, Optional.empty());
    }

    /**
     * Whether the open-model generator keeps its schedule at {@code targetRate}, twice the sweep's highest arrival rate
     * ({@code sweepRate}), against a route that costs the server next to nothing ({@code cell}): achieved over target, its
     * send lag p99 against {@code sendLagLimitMs}, and the client JVM's CPU (generator, probe and JMH's thread together) as
     * a share of the machine's {@code cores}. Met when it sent at least {@code minAchieved} of what was due and its send lag
     * stayed under the limit; {@code failed} says why it could not be measured.
     */
    public record GeneratorCheck(String goal, String cell, double sweepRate, double targetRate, double minAchieved, double sendLagLimitMs,
            Optional<String> failed, OptionalDouble achievedRate, OptionalDouble dispatchLagP99Ms, OptionalDouble sendLagP99Ms,
            OptionalDouble clientCores, int cores, Optional<String> verdict, OptionalDouble clientCoresAtSweepRate,
            OptionalDouble generatorCoresAtSweepRate) {
        /**
         * The client's own cost at the sweep's highest rate, against the same trivial route: the generator's share of the
         * machine, judged in the report against {@link #GENERATOR_SHARE_GOAL} (where only the whole client JVM was measured, in
         * runs before the generator's threads were, that is judged instead), and the whole client JVM's beside it.
         *
         * @param clientCoresAtSweepRate the client JVM's cores over a second fork at the sweep's highest rate itself; empty
         *                               where it was not measured (runs before it, or a failed fork)
         * @param generatorCoresAtSweepRate of those, the generator's own threads' (its pacer and the HTTP engine's event
         *                               loops), apart from JMH's thread, the probe, the JIT and GC; empty where not measured
         */
        public GeneratorCheck {
            clientCoresAtSweepRate = clientCoresAtSweepRate == null ? OptionalDouble.empty() : clientCoresAtSweepRate;
            generatorCoresAtSweepRate = generatorCoresAtSweepRate == null ? OptionalDouble.empty() : generatorCoresAtSweepRate;
        }

        /** At the sweep's highest rate, the load generator should use at most this share of the machine's CPU. */
        public static final double GENERATOR_SHARE_GOAL = 0.25;

        /** The client's share of the machine at the sweep's highest rate, where measured. */
        public OptionalDouble clientShareAtSweepRate() {
            return share(clientCoresAtSweepRate);
        }

        /** The generator's own threads' share of the machine at the sweep's highest rate, where measured. */
        public OptionalDouble generatorShareAtSweepRate() {
            return share(generatorCoresAtSweepRate);
        }

        private OptionalDouble share(OptionalDouble usedCores) {
            return usedCores.isPresent() && cores > 0 ? OptionalDouble.of(usedCores.getAsDouble() / cores) : OptionalDouble.empty();
        }
    }

    /** What JFR recording costs the server's throughput, from interleaved slices against live servers. */
    public record JfrCheck(String goal, double limit, String method, String against, long sliceMs, int roundsPerFork, String slices,
            Optional<String> failed, int forks, OptionalDouble throughputWithJfr, OptionalDouble throughputWithoutJfr,
            OptionalDouble confidence, OptionalDouble overhead, OptionalDouble ciLow, OptionalDouble ciHigh, Optional<String> verdict,
            Optional<Control> control, Optional<Spread> stolenCpu, List<JfrSet> perFork) {}

    /** One unrecorded server against the other, measured like the cost: how far two identical servers land. */
    public record Control(double difference, double ciLow, double ciHigh) {}

    /** A median with the range it summarises. */
    public record Spread(double median, double low, double high) {}

    /** One set of freshly started servers: its medians over its rounds. */
    public record JfrSet(int fork, double overhead, double control, double throughputWithJfr, double throughputWithoutJfr,
            OptionalDouble stolenCpu) {}

    /** One round of the harness floor: JMH and wrk on one server, {@code first} warming it up. */
    public record FloorRound(int round, String first, Optional<String> failed, OptionalDouble jmhP50Ms, OptionalDouble wrkP50Ms,
            OptionalDouble floorRatio) {}

    /** JMH's {@code GET /} p50 with no load over wrk's: what the harness adds to every latency. */
    public record FloorCheck(String goal, double limit, String method, long warmupSeconds, long measuredSeconds,
            OptionalDouble jmhP50Ms, OptionalDouble wrkP50Ms, Optional<String> wrk, OptionalDouble ratio, OptionalDouble low,
            OptionalDouble high, OptionalDouble confidence, OptionalDouble ciLow, OptionalDouble ciHigh, OptionalInt roundsJudged,
            Optional<String> verdict) {}
}
