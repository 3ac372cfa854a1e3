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

    /** The call that blocked the event loop for longest: its event, the application frame and the library call. */
    public record TopFrame(String event, String application, String call, long count, double totalMs) {
        public static final TopFrame NONE = new TopFrame("", "", "", 0, 0);

        public boolean present() {
            return count > 0;
        }
    }
}
