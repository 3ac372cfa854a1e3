package dev.blocklab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.backend.Database;
import dev.blocklab.bench.ServerLauncher;
import dev.blocklab.downstream.DownstreamsMain;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.launch.Quiet;
import dev.blocklab.server.Routes;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.server.ServerMain;
import dev.blocklab.server.ServerOptions;
import dev.blocklab.vocabulary.Variant;
import dev.blocklab.server.VariantConverter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Starts the downstreams and one variant in the foreground, prints the seed's experiment as curl commands,
 * and stops everything on Ctrl-C or when killed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Starts PostgreSQL, the slow HTTP service and one server variant, until Ctrl-C.",
                "PostgreSQL is embedded unless $" + Database.URL_ENV + " names one (user $" + Database.USER_ENV
                        + ", password $" + Database.PASSWORD_ENV + ")."})
public final class ServeCommand implements Callable<Integer> {
    static final Duration DOWNSTREAMS_START = Duration.ofSeconds(120);

    @Parameters(index = "0", paramLabel = "VARIANT", converter = VariantConverter.class,
            completionCandidates = VariantConverter.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    Variant variant;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the server on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Quiet.libraryLogs();
        options.validate();
        options.validatePort(port);
        options.validateDatabaseEnvironment();
        PrintStream out = System.out;
        ManagedProcess downstreams = ManagedProcess.start("downstreams", DownstreamsMain.class, List.of(), List.of(),
                Map.of(), ManagedProcess.console(out, "[downstreams] "), DOWNSTREAMS_START);
        CountDownLatch stopped = new CountDownLatch(1);
        // Read by the shutdown hook while this thread may still be adding the server.
        List<ManagedProcess> children = new CopyOnWriteArrayList<>(List.of(downstreams));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            children.reversed().forEach(ManagedProcess::close);
            stopped.countDown();
        }, "stop-children"));
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
        args.addAll(ServerMain.downstreamArgs(downstreams.ready()));
        args.addAll(options.toArgs());
        ManagedProcess server = ServerLauncher.start("server", variant, args, List.of(), ManagedProcess.console(out, "[server] "));
        children.add(server);
        out.println(instructions(server.ready()));
        server.process().onExit().thenRun(stopped::countDown);
        stopped.await();
        if (!server.isAlive()) {
            throw new Commands.Failure("the server stopped (exit code " + server.process().exitValue() + ")");
        }
        return Commands.OK;
    }

    private String instructions(JsonNode ready) {
        String base = ServerMain.baseUri(ready).toString();
        int saturating = 2 * ready.get("pools").get("ioThreads").asInt();
        StringBuilder text = new StringBuilder();
        text.append("\nblocklab: variant ").append(variant.id()).append(" is serving on ").append(base)
                .append("\n  pools: ").append(ready.get("pools")).append("\n  routes:");
        text.append(' ').append(base).append(Routes.FAST).append(' ').append(base).append(Routes.HEALTH);
        for (Scenario scenario : Scenario.values()) {
            text.append(' ').append(base).append(scenario.path()).append("?ms=N");
        }
        text.append("\n\nThe seed's experiment, in another terminal: hold ").append(saturating)
                .append(" slow requests (two per IO thread), then time the fast endpoint:\n")
                .append("  for i in $(seq ").append(saturating).append("); do curl -s '").append(base)
                .append(Scenario.HTTP.path()).append("?ms=3000' >/dev/null & done; sleep 0.5\n")
                .append("  curl -s -w '  <- %{time_total} s\\n' ").append(base).append(Routes.FAST).append('\n')
                .append("On loop-blocking the last command waits for the slow requests; on the other variants it answers at once.\n")
                .append("Ctrl-C stops the server, the slow service and PostgreSQL.\n");
        return text.toString();
    }
}
