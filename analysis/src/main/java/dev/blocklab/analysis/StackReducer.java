package dev.blocklab.analysis;

import java.util.List;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * Reduces a stack to the three frames a reader needs to find the culprit. Frames are read from the innermost
 * (top) outwards:
 * <ol>
 *   <li><b>top</b>: the innermost frame, where the thread waited;</li>
 *   <li><b>application</b>: the innermost frame whose class is neither the JDK's ({@code java.}, {@code javax.},
 *       {@code jdk.}, {@code sun.}, {@code com.sun.}) nor a known library's ({@link #LIBRARIES}): the code that
 *       chose to make the blocking call;</li>
 *   <li><b>call</b>: the frame just inside the application frame, i.e. the library or JDK method it called. Without
 *       an application frame (a library blocking on its own, or a stack cut short by JFR's stack depth) it is the
 *       innermost non-JDK frame, and the application frame is {@code "(none)"}.</li>
 * </ol>
 * JFR leaves the JDK's own frames out of the stacks of its sleep and I/O events, so their top is the JDK's caller
 * and a call of {@code "(none)"} means the application called the JDK directly. Frames are written
 * {@code package.Class.method:line} (the application frame) or {@code package.Class.method}.
 */
final class StackReducer {
    static final String NONE = "(none)";

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** Libraries that block on behalf of their caller; extend when a new client shows up as "application". */
    static final List<String> LIBRARIES = List.of(
            "org.apache.", "org.postgresql.", "com.zaxxer.hikari.", "io.undertow.", "org.xnio.", "org.jboss.",
            "io.netty.", "io.vertx.", "org.asynchttpclient.", "reactor.", "io.reactivex.", "okhttp3.", "okio.",
            "com.fasterxml.", "org.slf4j.", "ch.qos.logback.", "org.eclipse.jetty.", "org.springframework.",
            "com.mysql.", "org.mariadb.", "oracle.", "kotlin.", "kotlinx.", "scala.", "picocli.");

    private StackReducer() {}

    record Reduced(String application, String call, String top) {}

    static Reduced reduce(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return new Reduced(NONE, NONE, NONE);
        }
        List<RecordedFrame> frames = stack.getFrames();
        String top = method(frames.getFirst());
        for (int i = 0; i < frames.size(); i++) {
            String type = type(frames.get(i));
            if (!isJdk(type) && !isLibrary(type)) {
                String call = i == 0 ? NONE : method(frames.get(i - 1));
                return new Reduced(method(frames.get(i)) + line(frames.get(i)), call, top);
            }
        }
        for (RecordedFrame frame : frames) {
            if (!isJdk(type(frame))) {
                return new Reduced(NONE, method(frame), top);
            }
        }
        return new Reduced(NONE, NONE, top);
    }

    /** {@code package.Class.method}, the name hot methods are counted under. */
    static String method(RecordedFrame frame) {
        return type(frame) + "." + frame.getMethod().getName();
    }

    private static String line(RecordedFrame frame) {
        int line = frame.getLineNumber();
        return line > 0 ? ":" + line : "";
    }

    private static String type(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    static boolean isJdk(String type) {
        return JDK.stream().anyMatch(type::startsWith);
    }

    static boolean isLibrary(String type) {
        return LIBRARIES.stream().anyMatch(type::startsWith);
    }
}
