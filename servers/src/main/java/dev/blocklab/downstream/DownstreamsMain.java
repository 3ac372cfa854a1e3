package dev.blocklab.downstream;

import dev.blocklab.backend.Database;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ParentWatch;
import dev.blocklab.launch.Quiet;
import dev.blocklab.launch.ReadyLine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The slow things, in a JVM of their own so that a blocked server under test can never slow them down:
 * the slow HTTP service and PostgreSQL (embedded unless {@code $BLOCKLAB_PG_URL} names one).
 */
@Command(name = "blocklab-downstreams", mixinStandardHelpOptions = true,
        description = "Runs the slow HTTP service and PostgreSQL, prints a ready line, and stops them on exit.")
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

    public static void main(String[] args) {
        Quiet.libraryLogs();
        System.exit(Commands.execute(new DownstreamsMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ParentWatch.exitWithParent();
        CountDownLatch stopped = new CountDownLatch(1);
        Postgres postgres = pgUrl == null || pgUrl.isBlank() ? Postgres.embedded() : Postgres.external(Database.of(pgUrl, pgUser));
        SlowHttpService slow;
        try {
            slow = SlowHttpService.start(slowPort, slowIoThreads);
        } catch (RuntimeException e) {
            postgres.close();
            throw new Commands.Failure("could not start the slow HTTP service on port " + slowPort + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            slow.close();
            postgres.close();
            stopped.countDown();
        }, "stop-downstreams"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", "downstreams");
        fields.put("slowUrl", slow.url().toString());
        fields.put("pgUrl", postgres.database().jdbcUrl());
        fields.put("pgUser", postgres.database().user());
        fields.put("pgEmbedded", postgres.isEmbedded());
        postgres.passwordFile().ifPresent(file -> fields.put("pgPasswordFile", file.toString())); // the path; the password is never printed
        postgres.postmasterPid().ifPresent(pid -> fields.put("pgPid", pid));
        fields.put("pid", ProcessHandle.current().pid());
        ReadyLine.print(fields);
        stopped.await();
        return Commands.OK;
    }
}
