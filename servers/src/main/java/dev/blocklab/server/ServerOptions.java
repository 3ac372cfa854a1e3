package dev.blocklab.server;

import dev.blocklab.backend.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** Rejects sizes that cannot work, naming the option. */
    public void validate() {
        for (OptionSpec option : spec.options()) {
            if (option.getValue() instanceof Integer value && value < 1) {
                throw new ParameterException(spec.commandLine(),
                        option.longestName() + " must be at least 1, got " + value);
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
