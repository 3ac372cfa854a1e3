package dev.blocklab.analysis;

import java.util.List;

/** The JDK events that mean "this thread was waiting, not running": the ones whose time blocks an event loop. */
final class BlockingEvents {
    static final List<String> ALL = List.of(
            "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite",
            "jdk.ThreadSleep", "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait");
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String PINNED = "jdk.VirtualThreadPinned";

    private BlockingEvents() {}

    static boolean isBlocking(String event) {
        return ALL.contains(event);
    }
}
