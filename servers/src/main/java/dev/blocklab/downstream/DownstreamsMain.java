package dev.blocklab.downstream;

import dev.blocklab.backend.Database;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ParentWatch;
import dev.blocklab.launch.Quiet;
import dev.blocklab.launch.ReadyLine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The slow things, in a JVM of their own so that a blocked server under test can never slow them down:
 * the slow HTTP service, an S3-compatible object store (S3Proxy), the file of the file scenario, PostgreSQL (embedded unless {@code $BLOCKLAB_PG_URL} names one) and MariaDB (embedded from
 * Debian's package unless {@code $BLOCKLAB_MARIADB_URL} names one; without either, the ready line says why there is none).
 */
@Command(name = "blocklab-downstreams", mixinStandardHelpOptions = true,
        description = "Runs the slow HTTP service, PostgreSQL and MariaDB, prints a ready line, and stops them on exit.")
public final class DownstreamsMain implements Callable<Integer> {
    @Option(names = "--slow-port", paramLabel = "PORT", description = "Port of the slow HTTP service; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int slowPort = 0;

    @Option(names = "--slow-io-threads", paramLabel = "N", description = "IO threads of the slow HTTP service. Default: ${DEFAULT-VALUE}.")
    int slowIoThreads = 2;

    @Option(names = "--pg-url", paramLabel = "JDBC_URL", defaultValue = "${env:" + Database.URL_ENV + "}",
            description = "An external PostgreSQL (jdbc:postgresql://HOST:PORT/DB); user from $" + Database.USER_ENV
                    + ", password from $" + Database.PASSWORD_ENV + ". Default: $" + Database.URL_ENV + ", else embedded.")
    String pgUrl;

    @Option(names = "--pg-user", paramLabel = "USER", defaultValue = "${env:" + Database.USER_ENV + ":-postgres}",
            description = "User of the external PostgreSQL. Default: $" + Database.USER_ENV + ", else postgres.")
    String pgUser;

    @Option(names = "--mariadb-url", paramLabel = "JDBC_URL", defaultValue = "${env:" + Database.MARIADB_URL_ENV + "}",
            description = "An external MariaDB or MySQL (jdbc:mariadb://HOST:PORT/DB); user from $" + Database.MARIADB_USER_ENV + ", password from"
                    + " $" + Database.MARIADB_PASSWORD_ENV + ". Default: $" + Database.MARIADB_URL_ENV + ", else embedded (Debian's mariadb-server).")
    String mariadbUrl;

    @Option(names = "--mariadb-user", paramLabel = "USER", defaultValue = "${env:" + Database.MARIADB_USER_ENV + ":-blocklab}",
            description = "User of the external MariaDB. Default: $" + Database.MARIADB_USER_ENV + ", else blocklab.")
    String mariadbUser;

    public static void main(String[] args) {
        Quiet.libraryLogs();
        System.exit(Commands.execute(new DownstreamsMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ParentWatch.exitWithParent();
        CountDownLatch stopped = new CountDownLatch(1);
        // MariaDB's first start (its data directory) takes seconds: it goes on beside PostgreSQL's.
        CompletableFuture<MariaDb.Outcome> mariadbStart = CompletableFuture.supplyAsync(this::startMariaDb);
        Postgres postgres;
        try {
            postgres = pgUrl == null || pgUrl.isBlank() ? Postgres.embedded() : Postgres.external(Database.of(pgUrl, pgUser));
        } catch (RuntimeException e) {
            closeWhenStarted(mariadbStart);
            throw e;
        }
        MariaDb.Outcome mariadb;
        SlowHttpService slow;
        PreparedFile file;
        ObjectStore objects;
        try {
            mariadb = mariadbStart.join();
        } catch (RuntimeException e) {
            postgres.close();
            throw new Commands.Failure(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        try {
            // After the databases started, so that their start's CPU does not slow the measure of the file's read rate.
            file = PreparedFile.create();
        } catch (RuntimeException e) {
            postgres.close();
            close(mariadb);
            throw new Commands.Failure(e.getMessage());
        }
        try {
            objects = ObjectStore.start();
        } catch (RuntimeException e) {
            postgres.close();
            close(mariadb);
            file.close();
            throw new Commands.Failure(e.getMessage());
        }
        try {
            slow = SlowHttpService.start(slowPort, slowIoThreads);
        } catch (RuntimeException e) {
            postgres.close();
            close(mariadb);
            file.close();
            objects.close();
            throw new Commands.Failure("could not start the slow HTTP service on port " + slowPort + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            slow.close();
            postgres.close();
            close(mariadb);
            file.close();
            objects.close();
            stopped.countDown();
        }, "stop-downstreams"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", "downstreams");
        fields.put("slowUrl", slow.url().toString());
        fields.put("pgUrl", postgres.database().jdbcUrl());
        fields.put("pgUser", postgres.database().user());
        fields.put("pgEmbedded", postgres.isEmbedded());
        postgres.passwordFile().ifPresent(path -> fields.put("pgPasswordFile", path.toString())); // the path; the password is never printed
        postgres.postmasterPid().ifPresent(pid -> fields.put("pgPid", pid));
        switch (mariadb) {
            case MariaDb.Started started -> {
                fields.put("mariadbUrl", started.mariadb().database().jdbcUrl());
                fields.put("mariadbUser", started.mariadb().database().user());
                started.mariadb().passwordFile().ifPresent(path -> fields.put("mariadbPasswordFile", path.toString()));
                started.mariadb().pid().ifPresent(pid -> fields.put("mariadbPid", pid));
            }
            case MariaDb.Unavailable unavailable -> fields.put("mariadbUnavailable", unavailable.reason());
        }
        fields.put("s3Url", objects.address().endpoint().toString());
        fields.put("s3AccessKey", objects.address().accessKey());
        fields.put("s3SecretFile", objects.secretFile().toString()); // the path; the key is never printed
        fields.put("filePath", file.file().path().toString());
        fields.put("fileBytesPerMs", file.file().bytesPerMs());
        fields.put("fileDirect", file.file().direct());
        fields.put("pid", ProcessHandle.current().pid());
        ReadyLine.print(fields);
        stopped.await();
        return Commands.OK;
    }

    private MariaDb.Outcome startMariaDb() {
        return mariadbUrl == null || mariadbUrl.isBlank() ? MariaDb.embedded()
                : new MariaDb.Started(MariaDb.external(Database.of(mariadbUrl, mariadbUser)));
    }

    private static void close(MariaDb.Outcome outcome) {
        if (outcome instanceof MariaDb.Started started) {
            started.mariadb().close();
        }
    }

    /** After a failed start of PostgreSQL: MariaDB, which started beside it, must not outlive this JVM either. */
    private static void closeWhenStarted(CompletableFuture<MariaDb.Outcome> start) {
        try {
            close(start.join());
        } catch (RuntimeException e) {
            // It failed to start too: nothing to stop.
        }
    }
}
