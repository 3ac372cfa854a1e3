package dev.blocklab.server;

import dev.blocklab.backend.Database;
import dev.blocklab.backend.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import dev.blocklab.vocabulary.Variant;

/**
 * Every size and timeout of a server under test, with its default. The single source of truth for these
 * options: the server program, {@code blocklab serve} and the harness all use this mixin.
 */
public final class ServerOptions {
    @Spec
    CommandSpec spec;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "XNIO IO threads (event loops). Default: ${DEFAULT-VALUE}, Undertow's own default on this machine.")
    int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

    @Option(names = "--worker-threads", paramLabel = "N",
            description = "Platform threads of the 'platform' handler pool. Default: ${DEFAULT-VALUE}.")
    int workerThreads = 64;

    @Option(names = "--offload-threads", paramLabel = "N",
            description = "Threads of the 'loop-offload' executor for blocking calls. Default: ${DEFAULT-VALUE}.")
    int offloadThreads = 64;

    @Option(names = "--db-pool", paramLabel = "N",
            description = "PostgreSQL connections, the same for every variant. Default: ${DEFAULT-VALUE}.")
    int dbPool = 16;

    @Option(names = "--http-connections", paramLabel = "N",
            description = "Connections to the slow HTTP service, the same for every variant. Default: ${DEFAULT-VALUE}, more than"
                    + " any level holds: the http scenario studies where a blocking call waits, not a connection pool (the db"
                    + " scenario keeps a pool the size users ship).")
    int httpConnections = 10_000;

    @Option(names = "--timeout-slack-ms", paramLabel = "MS",
            description = "A downstream call times out this long after its requested delay; also the connect "
                    + "and pool-acquire timeout. Default: ${DEFAULT-VALUE}.")
    int timeoutSlackMs = 5000;

    public int ioThreads() {
        return ioThreads;
    }

    public int workerThreads() {
        return workerThreads;
    }

    public int offloadThreads() {
        return offloadThreads;
    }

    public int dbPool() {
        return dbPool;
    }

    public int httpConnections() {
        return httpConnections;
    }

    public Limits limits() {
        return new Limits(dbPool, httpConnections, Duration.ofMillis(timeoutSlackMs));
    }

    /**
     * The largest value each option may take: sizes a machine can hold (a thread is about 1 MB of stack reserved, a
     * PostgreSQL connection a backend process, embedded PostgreSQL allows 300), and a slack under ten minutes, so that a
     * mistyped value is refused in one line instead of exhausting the machine or waiting for hours.
     */
    static final Map<String, Integer> MAX = Map.of("--io-threads", 4096, "--worker-threads", 10_000, "--offload-threads", 10_000,
            "--db-pool", 250, "--http-connections", 100_000, "--timeout-slack-ms", 600_000);

    /**
     * A database URL (from {@code where}: an option or a variable), refused before anything starts when malformed, of
     * another engine than {@code engine}, or carrying a password.
     */
    public void validateDatabaseUrl(String url, String where, Database.Engine engine) {
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            Database database = Database.of(url, engine.defaultUser());
            if (database.engine() != engine) {
                throw new IllegalArgumentException("expected a " + engine.displayName() + " URL (" + engine.urlPrefix() + "HOST:PORT/DB), got " + url);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), where + ": " + e.getMessage());
        }
    }

    /** The databases' URLs in the environment ($BLOCKLAB_PG_URL, $BLOCKLAB_MARIADB_URL), checked as {@link #validateDatabaseUrl} does. */
    public void validateDatabaseEnvironment() {
        for (Database.Engine engine : Database.Engine.values()) {
            validateDatabaseUrl(System.getenv(engine.urlEnv()), "$" + engine.urlEnv(), engine);
        }
    }

    /** A TCP port for the server: 0 (any free one) to 65535. */
    public void validatePort(int port) {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
    }

    /** Rejects sizes that cannot work, naming the option. */
    public void validate() {
        for (OptionSpec option : spec.options()) {
            if (option.getValue() instanceof Integer value) {
                int max = MAX.getOrDefault(option.longestName(), Integer.MAX_VALUE);
                if (value < 1 || value > max) {
                    throw new ParameterException(spec.commandLine(), option.longestName() + " must be between 1 and " + max + ", got " + value);
                }
            }
        }
    }

    /** These options as arguments for a child server process, read back from picocli's model. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            args.add(option.longestName() + "=" + option.getValue());
        }
        return args;
    }

    /**
     * The pool sizes that bound {@code variant}, by name: the ones a reader needs to explain its behaviour and
     * that the harness needs for Little's-law bounds.
     */
    public java.util.Map<String, Integer> pools(Variant variant) {
        java.util.Map<String, Integer> pools = new java.util.LinkedHashMap<>();
        pools.put("ioThreads", ioThreads());
        HandlerPlacement.poolSize(variant.execution(), this).ifPresent(size -> pools.put("workerThreads", size));
        Backends.offloadThreads(variant.clients(), this).ifPresent(size -> pools.put("offloadThreads", size));
        pools.put("dbPool", dbPool());
        pools.put("httpConnections", httpConnections());
        return pools;
    }
}
