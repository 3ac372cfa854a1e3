package dev.blocklab.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a server under test is recorded so that {@link Analysis} has what it needs and the recording costs
 * little: JDK's {@code default} settings (made to stay around 1% overhead in production), plus the overrides
 * below, each with the reason for it. Passed on the command line, which JDK 17+ accepts:
 * {@code -XX:StartFlightRecording:settings=default,filename=F,jdk.SocketRead#threshold=1 ms,...}.
 *
 * <pre>{@code
 * List<String> jvmArgs = RecordingSettings.jvmArgs(trialDir.resolve("recording.jfr"));
 * }</pre>
 */
public final class RecordingSettings {
    /** One override: {@code event#name=value}, and why blocklab needs it. */
    public record Setting(String event, String name, String value, String why) {
        public String option() {
            return event + "#" + name + "=" + value;
        }
    }

    private static final String BLOCKING = "an event loop must never block, so even short blocking counts;"
            + " the JDK's 10-20 ms thresholds would hide it. Non-blocking reads and writes take microseconds and stay out.";
    private static final String UNTHROTTLED = "blocked time is a sum of durations: sampling the events (default: 100/s)"
            + " would undercount it";
    private static final String UNUSED = "the analysis does not use it, and it costs: off";
    private static final String SECRET = "carries secrets (environment, system properties or command lines): off";

    /** The JDK's settings file the overrides apply to. */
    public static final String BASE = "default";

    /** The overrides, in the order they are passed. */
    public static final List<Setting> OVERRIDES = List.of(
            new Setting("jdk.SocketRead", "threshold", "1 ms", BLOCKING),
            new Setting("jdk.SocketRead", "throttle", "off", UNTHROTTLED),
            new Setting("jdk.SocketWrite", "threshold", "1 ms", BLOCKING),
            new Setting("jdk.SocketWrite", "throttle", "off", UNTHROTTLED),
            new Setting("jdk.FileRead", "threshold", "1 ms", BLOCKING),
            new Setting("jdk.FileRead", "throttle", "off", UNTHROTTLED),
            new Setting("jdk.FileWrite", "threshold", "1 ms", BLOCKING),
            new Setting("jdk.FileWrite", "throttle", "off", UNTHROTTLED),
            new Setting("jdk.ThreadSleep", "threshold", "1 ms", BLOCKING),
            new Setting("jdk.ThreadPark", "threshold", "1 ms", BLOCKING + " Also a blocking client waiting for a pooled connection."),
            new Setting("jdk.JavaMonitorEnter", "threshold", "1 ms", BLOCKING + " Lock contention on a loop blocks it too."),
            new Setting("jdk.JavaMonitorWait", "threshold", "1 ms", BLOCKING),
            new Setting("jdk.VirtualThreadPinned", "threshold", "1 ms",
                    "pinning is what costs virtual threads their advantage; the default 20 ms hides most of it"),
            new Setting("jdk.VirtualThreadStart", "enabled", "true",
                    "counts the virtual threads the virtual variant starts (off by default)"),
            new Setting("jdk.VirtualThreadStart", "stackTrace", "false", "one event per request: keep it small"),
            new Setting("jdk.ExecutionSample", "period", "10 ms",
                    "the event loop's hot methods from a window of a few seconds need more samples than default's 20 ms give"),
            new Setting("jdk.NativeMethodSample", "enabled", "false",
                    UNUSED + " (every 20 ms a stack walk of each thread in native code, such as an idle loop in epoll)"),
            new Setting("jdk.OldObjectSample", "enabled", "false", UNUSED + " (a leak profiler)"),
            new Setting("jdk.InitialEnvironmentVariable", "enabled", "false", SECRET),
            new Setting("jdk.InitialSystemProperty", "enabled", "false", SECRET),
            new Setting("jdk.SystemProcess", "enabled", "false", SECRET),
            new Setting("jdk.ProcessStart", "enabled", "false", SECRET),
            new Setting("jdk.JVMInformation", "enabled", "false", SECRET));

    private RecordingSettings() {}

    /**
     * The comma-separated parts of {@code -XX:StartFlightRecording:}: {@code settings=default},
     * {@code filename=FILE}, {@code dumponexit=true} (the recording is written when the server is stopped), then
     * {@link #OVERRIDES}.
     *
     * @throws IllegalArgumentException when the path contains a comma, which the option syntax cannot carry
     */
    public static List<String> startFlightRecordingOptions(Path file) {
        String name = file.toAbsolutePath().toString();
        if (name.contains(",")) {
            throw new IllegalArgumentException("a recording path cannot contain a comma: " + name);
        }
        List<String> parts = new ArrayList<>(describe());
        parts.addAll(1, List.of("filename=" + name, "dumponexit=true"));
        return List.copyOf(parts);
    }

    /** The settings without the file name, as a run's manifest records them: {@code settings=default}, then the overrides. */
    public static List<String> describe() {
        List<String> parts = new ArrayList<>(List.of("settings=" + BASE));
        OVERRIDES.forEach(setting -> parts.add(setting.option()));
        return List.copyOf(parts);
    }

    /** The JVM arguments that record to {@code file}: one {@code -XX:StartFlightRecording:...} argument. */
    public static List<String> jvmArgs(Path file) {
        return List.of("-XX:StartFlightRecording:" + String.join(",", startFlightRecordingOptions(file)));
    }

    /** How to turn {@code event} on, for the missing-events message. */
    static String enableHint(String event) {
        List<String> options = new ArrayList<>(List.of("settings=" + BASE));
        OVERRIDES.stream().filter(s -> s.event().equals(event)).forEach(s -> options.add(s.option()));
        if (options.size() == 1) {
            options.add(event + "#enabled=true");
        }
        return "-XX:StartFlightRecording:" + String.join(",", options);
    }
}
