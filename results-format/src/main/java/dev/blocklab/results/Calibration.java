package dev.blocklab.results;

import dev.blocklab.vocabulary.Variant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code calibration.json}: how far the instrument can be trusted, measured on one variant with {@code GET /}
 * alone and unpaced. Two checks, each judged by the median of its repetitions with a distribution-free interval
 * ({@code verdict}: met when the whole interval is under the {@code limit}, missed when it is all above, else
 * inconclusive); a check that could not run says why in {@code failed} or {@code wrk}.
 */
public record Calibration(Variant variant, JfrCheck jfrOverhead, int rounds, List<FloorRound> perRound, FloorCheck harnessFloor) {

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
