package dev.blocklab.results;

import java.util.List;
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
        List<String> missingEvents, List<String> warnings) {
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
