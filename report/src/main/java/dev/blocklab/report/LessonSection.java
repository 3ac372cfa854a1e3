package dev.blocklab.report;

import dev.blocklab.vocabulary.Scenario;

/**
 * The seed's table of blocking versus async libraries, carried to the JVM: per row the Python pair the seed names, the
 * JVM's blocking and non-blocking libraries, and the scenario that measures it in this run (or how to measure it).
 * Static text but for that last column: the lesson, not a measurement.
 */
final class LessonSection implements Section {
    /** One row of the seed's table and the scenario that measures it. */
    private record Row(String what, String python, String blocking, String nonBlocking, Scenario scenario) {}

    private static final Row[] ROWS = {
        new Row("HTTP client", "`requests` / `httpx.AsyncClient`", "Apache HttpClient 5 classic, `java.net.HttpURLConnection`",
                "async-http-client, JDK `HttpClient.sendAsync`, Vert.x `WebClient`", Scenario.HTTP),
        new Row("PostgreSQL", "`psycopg` (sync) / `asyncpg`", "pgjdbc (+ HikariCP)", "vertx-pg-client, R2DBC (r2dbc-postgresql)",
                Scenario.DB),
        new Row("MySQL / MariaDB", "`PyMySQL`, `mysqlclient` / `asyncmy`, `aiomysql`", "MariaDB Connector/J, MySQL Connector/J (+ HikariCP)",
                "vertx-mysql-client, R2DBC (r2dbc-mariadb)", Scenario.MARIADB),
        new Row("files", "`open()` / `aiofiles`", "`FileChannel`, `java.nio.file.Files`, `java.io`",
                "`AsynchronousFileChannel` (on Linux a thread pool doing blocking reads; `aiofiles` too runs on one), or offload to an executor",
                Scenario.FILE),
        new Row("object storage (S3)", "`boto3` / `aioboto3`", "AWS SDK v2 `S3Client`", "AWS SDK v2 `S3AsyncClient`", Scenario.S3),
        new Row("sleep / timers", "`time.sleep` / `asyncio.sleep`", "`Thread.sleep`", "`ScheduledExecutorService`, the loop's own timer (Vert.x `setTimer`)",
                Scenario.SLEEP),
        new Row("CPU-bound work", "any code that computes / none (a process pool)", "any code that computes (hashing, parsing, templating)",
                "none: only another core helps (offload to a pool sized to the cores)", Scenario.CPU),
    };

    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        out.append("## The lesson\n\n");
        out.append("A blocking call made on an event-loop thread stalls every connection that loop serves, including the trivial `GET /` "
                + "(`loop-blocking`). Three cures: run the handler on a thread that may block (`platform`, `virtual`), hand the blocking call "
                + "to an executor (`loop-offload`, Python's `run_in_executor`), or use a client that never blocks (`loop-async`). "
                + "The seed's table of libraries, blocking and not, on the JVM; every measured row is a scenario of every variant:\n\n");
        MarkdownTable table = new MarkdownTable("what", "Python (the seed): blocking / async", "JVM blocking (never on the event loop)",
                "JVM non-blocking (safe on the event loop)", "measured by");
        for (Row row : ROWS) {
            Scenario s = row.scenario();
            table.row(row.what(), row.python(), row.blocking(), row.nonBlocking(),
                    context.run().scenarios().contains(s) ? "scenario `" + s.id() + "`" : "(not in this run: `--scenarios " + s.id() + "`)");
        }
        table.row("any blocking call", "a plain `def` handler (FastAPI's thread pool)", "on the IO thread: `loop-blocking`",
                "on a worker thread: `platform`; a virtual thread: `virtual`", "`platform`, `virtual`");
        table.appendTo(out);
    }
}
