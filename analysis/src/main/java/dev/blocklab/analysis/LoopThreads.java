package dev.blocklab.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Tells event-loop threads by their names, which every framework sets in its own way. */
final class LoopThreads {
    /** Whole-name patterns of the event loops of the common JVM servers and clients. */
    static final List<Pattern> DEFAULTS = List.of(
            Pattern.compile("XNIO-\\d+ I/O-\\d+"),                                  // Undertow (XNIO)
            Pattern.compile("(nio|epoll|kqueue|ioUring|io_uring|multiThreadIo)EventLoopGroup-\\d+-\\d+"), // Netty 4.1, 4.2
            Pattern.compile("vert\\.x-eventloop-thread-\\d+"),                        // Vert.x (and vertx-pg-client)
            Pattern.compile("reactor-http-(nio|epoll|kqueue)-\\d+"),                    // Reactor Netty
            Pattern.compile("(AsyncHttpClient|ahc)-\\d+-\\d+"));                      // async-http-client (blocklab names it ahc)

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final List<Pattern> patterns;
    private final Map<String, Boolean> seen = new HashMap<>();

    LoopThreads(List<Pattern> extra) {
        List<Pattern> all = new ArrayList<>(DEFAULTS);
        all.addAll(extra);
        this.patterns = List.copyOf(all);
    }

    boolean matches(String threadName) {
        if (threadName == null) {
            return false;
        }
        return seen.computeIfAbsent(threadName, name -> patterns.stream().anyMatch(p -> p.matcher(name).matches()));
    }

    /** Orders names with numbers by their numbers: {@code I/O-2} before {@code I/O-10}. */
    static int compareNames(String a, String b) {
        String paddedA = NUMBER.matcher(a).replaceAll(m -> "0".repeat(Math.max(0, 12 - m.group().length())) + m.group());
        String paddedB = NUMBER.matcher(b).replaceAll(m -> "0".repeat(Math.max(0, 12 - m.group().length())) + m.group());
        return paddedA.compareTo(paddedB);
    }

    List<String> patterns() {
        return patterns.stream().map(Pattern::pattern).toList();
    }
}
