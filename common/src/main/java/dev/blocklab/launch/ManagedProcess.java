package dev.blocklab.launch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A child running one of blocklab's programs (a JVM with this JVM's class path, or the FastAPI edition's server): started,
 * waited for until it prints its {@link ReadyLine}, its output drained to a sink, and stopped with everything it started.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_LINES = 20;
    /** jboss-threads (under Undertow) uses sun.misc.Unsafe; JDK 23+ warns about it on every start. */
    private static final List<String> QUIET_JDK_WARNINGS =
            Runtime.version().feature() >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();

    private final String name;
    private final Process process;
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread pump;

    private ManagedProcess(String name, Process process, Consumer<String> output) {
        this.name = name;
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().name(name + "-output").start(() -> pump(output));
    }

    /**
     * Starts {@code mainClass} in a new JVM and waits for its ready line.
     *
     * @throws Commands.Failure when it exits or stays silent instead, with the end of its output
     */
    public static ManagedProcess start(String name, Class<?> mainClass, List<String> jvmArgs, List<String> args,
            Map<String, String> env, Consumer<String> output, Duration readyTimeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(QUIET_JDK_WARNINGS);
        command.addAll(jvmArgs);
        command.add(ParentWatch.launcherOption());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return start(name, command, env, output, readyTimeout);
    }

    /**
     * Starts any program that prints a {@link ReadyLine} (the FastAPI edition's server) and waits for it; the program
     * is told nothing of its launcher here, so it must be given a way to stop with it.
     *
     * @throws Commands.Failure when it cannot start, exits or stays silent instead, with the end of its output
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Consumer<String> output,
            Duration readyTimeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        ManagedProcess child;
        try {
            child = new ManagedProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new Commands.Failure("could not start " + name + ": " + e.getMessage());
        }
        child.awaitReady(readyTimeout);
        return child;
    }

    private void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new Commands.Failure(name + " printed no ready line within " + timeout.toSeconds() + " s" + lastOutput());
        } catch (ExecutionException e) {
            close();
            throw new Commands.Failure(name + " exited with code " + exitCode() + " before it was ready" + lastOutput());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new Commands.Failure("interrupted while starting " + name);
        }
    }

    /** The fields of the child's ready line. */
    public JsonNode ready() {
        return ready.join();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    private void pump(Consumer<String> output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
                String line = Secrets.line(raw); // a child's output goes to logs and consoles: no echo of the environment's options
                output.accept(line);
                remember(line);
                if (!ready.isDone()) {
                    ReadyLine.parse(line).ifPresent(ready::complete);
                }
            }
        } catch (IOException e) {
            // The child is gone; what it printed so far has been passed on.
        } finally {
            ready.completeExceptionally(new IllegalStateException(name + " exited"));
            if (output instanceof LogFile log) {
                log.close();
            }
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    private synchronized String lastOutput() {
        List<String> useful = tail.stream().filter(line -> !line.isBlank()).toList();
        return useful.isEmpty() ? "" : "; its last output: " + useful.getLast().strip();
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    /** Stops the child politely (SIGTERM, so it stops what it started), then forcibly, and its descendants too. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        stop(process.toHandle());
        descendants.forEach(ManagedProcess::stop);
        try {
            pump.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A sink that prints each line to {@code out} after a prefix such as {@code [server] }. */
    public static Consumer<String> console(PrintStream out, String prefix) {
        return line -> out.println(prefix + line);
    }

    /** A sink that appends each line to {@code log}, flushed as it comes so a crash loses nothing. */
    public static Consumer<String> file(Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new LogFile(Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log file sink, closed when the child's output ends. */
    private record LogFile(Writer writer) implements Consumer<String> {
        @Override
        public void accept(String line) {
            try {
                writer.write(line);
                writer.write('\n');
                writer.flush();
            } catch (IOException e) {
                // A log that cannot be written must not stop the child; the line is dropped.
            }
        }

        void close() {
            try {
                writer.close();
            } catch (IOException e) {
                // Nothing more will be written to it.
            }
        }
    }
}
