package dev.blocklab.bench;

import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Starts a variant's server on port 0 and waits for its ready line: {@link ServerMain} in a JVM of its own, or the FastAPI
 * edition's uvicorn. Whatever measures or checks a variant starts it here, so that both editions get the same downstreams
 * and the same shared capacity, and answer with the same ready line.
 */
public final class ServerLauncher {
    /** The FastAPI edition's interpreter: a virtual environment that the scripts install from the edition's lock file. */
    public static final String FASTAPI_PYTHON_ENV = "BLOCKLAB_FASTAPI_PYTHON";
    /** The FastAPI edition's program, {@code editions/fastapi/blocklab_fastapi.py}. */
    public static final String FASTAPI_APP_ENV = "BLOCKLAB_FASTAPI_APP";
    /** Why the scripts could not install the edition (no Python 3.10+, pip failed), when they could not. */
    public static final String FASTAPI_UNAVAILABLE_ENV = "BLOCKLAB_FASTAPI_UNAVAILABLE";
    /**
     * The server options the FastAPI edition shares with the JVM's: where the downstreams are, and the capacity to reach
     * them, and the port. Its pools are its libraries' defaults, as users ship them; the JVM's pool options do not apply.
     */
    static final Set<String> FASTAPI_OPTIONS = Set.of("--port", "--slow-url", "--db-url", "--db-user", "--db-password-file", "--db-pool",
            "--http-connections", "--timeout-slack-ms");
    private static final Duration READY = Duration.ofSeconds(60);

    private ServerLauncher() {}

    /**
     * Starts {@code variant} with {@code serverArgs} (the downstreams' and the run's server options, as {@link ServerMain}
     * takes them); {@code jvmOptions} apply to a JVM server only.
     *
     * @throws Commands.Failure when it cannot start, with the reason in one line
     */
    public static ManagedProcess start(String name, Variant variant, List<String> serverArgs, List<String> jvmOptions,
            Consumer<String> output) {
        List<String> args = new ArrayList<>(List.of("--variant", variant.id()));
        if (variant.edition() == Edition.JVM) {
            args.addAll(serverArgs);
            return ManagedProcess.start(name, ServerMain.class, jvmOptions, args, Map.of(), output, READY);
        }
        unavailable(variant.edition()).ifPresent(reason -> {
            throw new Commands.Failure("the FastAPI edition is not available: " + reason);
        });
        List<String> command = new ArrayList<>(List.of(System.getenv(FASTAPI_PYTHON_ENV), System.getenv(FASTAPI_APP_ENV)));
        command.addAll(args);
        command.addAll(List.of("--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        command.addAll(shared(serverArgs));
        // No bytecode cache written into the source tree; output as it happens, for the logs.
        return ManagedProcess.start(name, command, Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1"), output, READY);
    }

    /** Why {@code edition} cannot be started here; empty when it can. */
    public static Optional<String> unavailable(Edition edition) {
        if (edition == Edition.JVM) {
            return Optional.empty();
        }
        String reason = System.getenv(FASTAPI_UNAVAILABLE_ENV);
        if (reason != null && !reason.isBlank()) {
            return Optional.of(reason.strip());
        }
        String python = System.getenv(FASTAPI_PYTHON_ENV);
        String app = System.getenv(FASTAPI_APP_ENV);
        if (python == null || app == null) {
            return Optional.of("$" + FASTAPI_PYTHON_ENV + " and $" + FASTAPI_APP_ENV + " are not set (./scripts/run-all.sh and"
                    + " ./scripts/test.sh install the edition and set them)");
        }
        if (!Files.isExecutable(Path.of(python)) || !Files.isRegularFile(Path.of(app))) {
            return Optional.of("no " + (Files.isExecutable(Path.of(python)) ? app : python));
        }
        return Optional.empty();
    }

    /** The arguments the FastAPI edition takes, from {@link ServerMain}'s: {@code --name value} and {@code --name=value} alike. */
    public static List<String> shared(List<String> serverArgs) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < serverArgs.size(); i++) {
            String arg = serverArgs.get(i);
            int equals = arg.indexOf('=');
            boolean joined = equals > 0;
            String name = joined ? arg.substring(0, equals) : arg;
            boolean takesValue = !joined && i + 1 < serverArgs.size() && !serverArgs.get(i + 1).startsWith("--");
            if (FASTAPI_OPTIONS.contains(name)) {
                kept.add(arg);
                if (takesValue) {
                    kept.add(serverArgs.get(i + 1));
                }
            }
            if (takesValue) {
                i++;
            }
        }
        return List.copyOf(kept);
    }
}
