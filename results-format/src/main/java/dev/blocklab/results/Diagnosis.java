package dev.blocklab.results;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the JFR analysis of one fork's recording says (the analysis module's {@code analysis.json}, condensed). A
 * value the recording did not hold is empty, never zero.
 */
public record Diagnosis(String fork, double windowMs, OptionalDouble loopBlockedFraction, double loopBlockedMs,
        List<String> loopThreads, TopFrame topFrame, OptionalLong peakPlatformThreads,
        OptionalLong virtualStarted, OptionalLong virtualPinned, OptionalDouble cpuJvm, OptionalDouble cpuMachine,
        OptionalLong gcPauses, OptionalDouble gcPauseTotalMs, OptionalDouble allocationBytesPerSecond,
        OptionalDouble slowCallsPerSecond, Optional<ConnectionWait> connectionWait,
        List<String> missingEvents, List<String> warnings) {
    /**
     * @param slowCallsPerSecond the slow calls the server finished successfully per second of the window, counted by their
     *                           end, whether or not their client was still waiting (a JVM server's own count; empty where
     *                           nothing counted them)
     * @param connectionWait     the waits for a database connection that began in the window, where the server recorded them
     */
    public Diagnosis {
        // Summaries written before these fields existed have neither.
        slowCallsPerSecond = slowCallsPerSecond == null ? OptionalDouble.empty() : slowCallsPerSecond;
        connectionWait = connectionWait == null ? Optional.empty() : connectionWait;
    }

    /** The same without the server's own counts (py-spy's diagnosis, which has none). */
    public Diagnosis(String fork, double windowMs, OptionalDouble loopBlockedFraction, double loopBlockedMs, List<String> loopThreads,
            TopFrame topFrame, OptionalLong peakPlatformThreads, OptionalLong virtualStarted, OptionalLong virtualPinned, OptionalDouble cpuJvm,
            OptionalDouble cpuMachine, OptionalLong gcPauses, OptionalDouble gcPauseTotalMs, OptionalDouble allocationBytesPerSecond,
            List<String> missingEvents, List<String> warnings) {
        this(fork, windowMs, loopBlockedFraction, loopBlockedMs, loopThreads, topFrame, peakPlatformThreads, virtualStarted, virtualPinned, cpuJvm,
                cpuMachine, gcPauses, gcPauseTotalMs, allocationBytesPerSecond, OptionalDouble.empty(), Optional.empty(), missingEvents, warnings);
    }

    /** Waits for a database connection in the window: how many, their mean and the longest, milliseconds. */
    public record ConnectionWait(long count, double meanMs, double maxMs) {}

    /**
     * How often py-spy samples a FastAPI server (the sampler's rate, and what one sample of a diagnosis stands for): 450
     * samples of the loop over a 9 s window, and about 0.15 cores for the two samplers of a server with 40 threads (at
     * 100 per second, 0.3: measured).
     */
    public static final int PY_SPY_RATE = 50;

    /** The call that blocked the event loop for longest: its event, the application frame and the library call. */
    public record TopFrame(String event, String application, String call, long count, double totalMs) {
        public static final TopFrame NONE = new TopFrame("", "", "", 0, 0);

        public boolean present() {
            return count > 0;
        }
    }
}
