package dev.blocklab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The FastAPI edition's counterpart of the server's JFR recording: py-spy samples every thread's Python stack in the
 * uvicorn process over the measurement window, into raw (collapsed-stack) files that {@code PySpySummary} reads. py-spy
 * reads the process's memory from outside ({@code --nonblocking}: the server is never paused), so it costs the server
 * nothing but it does take CPU of its own on a small machine: the trial accounts for it as the {@code profiler} role.
 *
 * <p>Two samplers run side by side, because py-spy's raw output does not say whether a thread was waiting: one keeps
 * every sample ({@code --idle}), the other only those of threads on a CPU (py-spy calls a thread idle when the OS has it
 * waiting). The loop thread inside route code in the first and not in the second was waiting there: blocked, as JFR's
 * socket-read events say of a JVM's loop.
 *
 * <p>It starts with the first measured iteration and is stopped with the last ({@link #stop}: SIGINT, on which py-spy
 * writes its file), so that its samples are the window's. It is also given a duration a little past the window, so that a
 * fork that dies leaves nothing behind: py-spy ends by itself then, and when the server it samples is gone.
 */
public final class PySpySampler implements AutoCloseable {
    /** Samples per second, a trade of precision against py-spy's own CPU on a small machine. */
    static final int RATE = dev.blocklab.results.Diagnosis.PY_SPY_RATE;
    /** Past the window: py-spy's own end, should nothing stop it ({@link #stop} ends it on time). */
    private static final Duration OVERHANG = Duration.ofSeconds(30);
    /** How long py-spy may take to write its file once stopped. */
    private static final Duration WRITE = Duration.ofSeconds(10);

    private final List<Process> processes;

    private PySpySampler(List<Process> processes) {
        this.processes = processes;
    }

    /** py-spy beside the edition's interpreter (the scripts install it into the same virtual environment), if there. */
    static Optional<Path> executable() {
        String python = System.getenv(ServerLauncher.FASTAPI_PYTHON_ENV);
        if (python == null) {
            return Optional.empty();
        }
        Path pySpy = Path.of(python).resolveSibling("py-spy");
        return Files.isExecutable(pySpy) ? Optional.of(pySpy) : Optional.empty();
    }

    /**
     * Samples {@code pid} for {@code window} (plus a short overhang) into {@code all} (every sample) and {@code onCpu} (threads
     * on a CPU only); py-spy's own messages go to {@code log}. Empty, with the reason on standard error (the fork's log),
     * when py-spy is not installed or cannot start.
     */
    public static Optional<PySpySampler> start(long pid, Duration window, Path all, Path onCpu, Path log) {
        Optional<Path> pySpy = executable();
        if (pySpy.isEmpty()) {
            System.err.println("blocklab: the FastAPI server is not sampled: no py-spy beside $" + ServerLauncher.FASTAPI_PYTHON_ENV);
            return Optional.empty();
        }
        long seconds = (window.plus(OVERHANG).toMillis() + 999) / 1000;
        List<Process> started = new ArrayList<>();
        try {
            for (Path output : List.of(all, onCpu)) {
                List<String> command = new ArrayList<>(List.of(pySpy.get().toString(), "record", "--pid", String.valueOf(pid),
                        "--duration", String.valueOf(seconds), "--rate", String.valueOf(RATE), "--format", "raw", "--threads", "--nonblocking",
                        "--output", output.toString()));
                if (output.equals(all)) {
                    command.add("--idle");
                }
                started.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
            }
            return Optional.of(new PySpySampler(List.copyOf(started)));
        } catch (IOException e) {
            started.forEach(Process::destroyForcibly);
            System.err.println("blocklab: the FastAPI server is not sampled: py-spy did not start: " + e.getMessage());
            return Optional.empty();
        }
    }

    public List<ProcessHandle> handles() {
        return processes.stream().map(Process::toHandle).toList();
    }

    /** Ends the sampling now: SIGINT, on which py-spy stops and writes its file. */
    public void stop() {
        for (Process process : processes) {
            if (process.isAlive()) {
                try {
                    new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
                } catch (IOException e) {
                    process.destroy(); // no kill(1): ended without its file, which the cell then lists as missing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops py-spy if it still samples and waits for it to write its files; ends it forcibly if it does not. */
    @Override
    public void close() {
        stop();
        long deadline = System.nanoTime() + WRITE.toNanos();
        for (Process process : processes) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                processes.forEach(Process::destroyForcibly);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
