package dev.blocklab.results;

import java.util.Locale;
import java.util.Optional;

/**
 * The open-model slow-load generator's self-check: what it was asked to offer, and what it managed. Requests are due at
 * a constant rate {@code targetRate} = N / D whether or not earlier ones were answered; a request due while
 * {@code inFlightCap} are already in flight is not sent ({@code refused}: the server was not keeping up). The
 * generator's own lateness is {@code dispatchLagP99Ms} (due time to handing the request to the HTTP engine: the pacer
 * and the engine, nothing of the server's); {@code sendLagP99Ms} adds connecting and writing (the server's accept
 * counts there). Counts are over the measurement windows; one fork's, or every fork's summed in a cell.
 */
public record OpenLoad(double targetRate, int inFlightTarget, int inFlightCap, long due, long sent, long refused,
        double dispatchLagP99Ms, double sendLagP99Ms, java.util.SortedMap<String, Long> failures, java.util.OptionalDouble threadCpuMs) {
    /**
     * @param failures    the failed answers of the windows by what failed: {@code HTTP 503}, or the exception's name
     * @param threadCpuMs the CPU time of the generator's own threads (its pacer and the HTTP engine's event loops) over the
     *                    windows, apart from the rest of its JVM; empty where not measured (runs before it)
     */
    public OpenLoad {
        failures = failures == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(failures);
        threadCpuMs = threadCpuMs == null ? java.util.OptionalDouble.empty() : threadCpuMs;
    }

    public OpenLoad(double targetRate, int inFlightTarget, int inFlightCap, long due, long sent, long refused, double dispatchLagP99Ms,
            double sendLagP99Ms, java.util.SortedMap<String, Long> failures) {
        this(targetRate, inFlightTarget, inFlightCap, due, sent, refused, dispatchLagP99Ms, sendLagP99Ms, failures, java.util.OptionalDouble.empty());
    }

    /** The generator's own threads' cores over {@code windowSeconds} of windows, where measured. */
    public java.util.OptionalDouble threadCores(double windowSeconds) {
        return threadCpuMs.isPresent() && windowSeconds > 0
                ? java.util.OptionalDouble.of(threadCpuMs.getAsDouble() / 1000.0 / windowSeconds) : java.util.OptionalDouble.empty();
    }

    /** The cap's rule, for readers; {@link #capFor} is the rule. */
    public static final String CAP_RULE = "N + max(16, N/4)";

    /**
     * Requests the generator allows in flight: N and a quarter more (at least 16), so that a server answering in D plus its
     * own time never meets the cap, while one that falls behind holds a bounded queue and the machine's sockets stay
     * countable. For a server that falls behind, its wait is therefore partly the cap's: the verdict (stalled) is the
     * server's, the size of the wait is partly the generator's.
     */
    public static int capFor(int target) {
        return target + Math.max(16, target / 4);
    }

    /** The lag beyond which a cell is harness-limited, for a delay of {@code delayMs}. */
    public static double maxLagMs(int delayMs) {
        return Math.max(MIN_LAG_MS, MAX_LAG_SHARE * delayMs);
    }

    /**
     * The generator is late beyond this share of the delay D (p99 of its dispatch lag, and never less than
     * {@link #MIN_LAG_MS}): then fewer than N requests were in flight for its own reasons, not the server's. Any lateness
     * is charged to the server's latency anyway (timed from the due time); on two shared cores a woken thread can wait a
     * scheduler slice of a few milliseconds for a core, which is why the floor is not lower.
     */
    public static final double MAX_LAG_SHARE = 0.1;
    public static final double MIN_LAG_MS = 5.0;

    /** Requests due but not sent because the cap was reached, as a share of those due. */
    public double refusedShare() {
        return due == 0 ? 0 : (double) refused / due;
    }

    /** Why the generator could not offer the load it was asked for, or empty when it did. */
    public Optional<String> harnessLimit(int delayMs) {
        if (dispatchLagP99Ms > maxLagMs(delayMs)) {
            return Optional.of(String.format(Locale.ROOT, "the load generator ran late (dispatch lag p99 %.1f ms, over %.0f ms): it, not only the"
                    + " server, set the pace", dispatchLagP99Ms, maxLagMs(delayMs)));
        }
        return Optional.empty();
    }

    /** Several forks' checks as one: counts summed, the worst lag kept. */
    public OpenLoad plus(OpenLoad other) {
        java.util.SortedMap<String, Long> both = new java.util.TreeMap<>(failures);
        other.failures.forEach((what, n) -> both.merge(what, n, Long::sum));
        java.util.OptionalDouble cpu = threadCpuMs.isPresent() && other.threadCpuMs.isPresent()
                ? java.util.OptionalDouble.of(threadCpuMs.getAsDouble() + other.threadCpuMs.getAsDouble()) : java.util.OptionalDouble.empty();
        return new OpenLoad(targetRate, inFlightTarget, inFlightCap, due + other.due, sent + other.sent, refused + other.refused,
                Math.max(dispatchLagP99Ms, other.dispatchLagP99Ms), Math.max(sendLagP99Ms, other.sendLagP99Ms), both, cpu);
    }
}
