package dev.blocklab.report;

import dev.blocklab.vocabulary.Scenario;

/**
 * The seed's table of blocking versus async libraries, carried to the JVM, with the variant that shows each
 * cure. Static text: the lesson, not a measurement.
 */
final class LessonSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        out.append("## The lesson\n\n");
        out.append("A blocking call made on an event-loop thread stalls every connection that loop serves, including the trivial `GET /` "
                + "(`loop-blocking`). Three cures: run the handler on a thread that may block (`platform`, `virtual`), hand the blocking call "
                + "to an executor (`loop-offload`, Python's `run_in_executor`), or use a client that never blocks (`loop-async`). "
                + "The libraries, blocking and not:\n\n");
        MarkdownTable table = new MarkdownTable("what", "blocking (never on the event loop)", "non-blocking (safe on the event loop)",
                "variant that shows the cure");
        table.row("HTTP client", "`java.net.HttpURLConnection`, Apache HttpClient 5 classic",
                "async-http-client, JDK `HttpClient.sendAsync`, Vert.x `WebClient`", "`loop-async` (async-http-client); `loop-offload`");
        table.row("PostgreSQL", "pgjdbc (+ HikariCP)", "vertx-pg-client, R2DBC (r2dbc-postgresql)", "`loop-async` (vertx-pg-client); `loop-offload`");
        table.row("files", "`java.io`, `java.nio.file.Files`", "`AsynchronousFileChannel`, or offload to an executor", "(not measured yet)");
        table.row("sleep / timers", "`Thread.sleep`", "`ScheduledExecutorService`, the loop's own timer (Vert.x `setTimer`)",
                context.run().scenarios().contains(Scenario.SLEEP) ? "every variant, scenario `sleep` (`loop-async`: a timer)"
                        : "(not in this run: `--scenarios sleep`)");
        table.row("CPU-bound work", "any code that computes (hashing, parsing, templating)", "none: only another core helps (offload to"
                + " a pool sized to the cores)", context.run().scenarios().contains(Scenario.CPU) ? "every variant, scenario `cpu`"
                        : "(not in this run: `--scenarios cpu`)");
        table.row("any blocking call", "on the IO thread: `loop-blocking`", "on a worker thread: `platform`; a virtual thread: `virtual`",
                "`platform`, `virtual`");
        table.appendTo(out);
    }
}
