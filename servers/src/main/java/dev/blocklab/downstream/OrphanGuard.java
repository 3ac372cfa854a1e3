package dev.blocklab.downstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Stops a database server when this JVM dies, however it dies. {@code pg_ctl} hands PostgreSQL's postmaster to init, and
 * a {@code mariadbd} this JVM started is re-parented to init when the JVM is killed: either would outlive a SIGKILL, which
 * runs no shutdown hook. A small bash process holds a pipe from this JVM: when the JVM dies, by any signal, the pipe ends,
 * and bash sends the server its shutdown signal, then SIGKILL after five seconds, and removes its data directory. On a
 * normal stop the JVM ends the guard first ({@link Process#destroy}), then stops the server itself.
 */
final class OrphanGuard {
    private OrphanGuard() {}

    /**
     * Watches {@code pid}; {@code signal} is the server's fast shutdown ({@code QUIT} for PostgreSQL, {@code TERM} for
     * MariaDB); {@code name} is the guard's name in {@code ps}, followed by the pid and the directory.
     */
    static Process watch(String name, long pid, Path dataDirectory, String signal) {
        String script = "pid=$1; dir=$2; sig=$3\n"
                + "while kill -0 \"$pid\" 2>/dev/null; do\n"
                + "  read -r -t 1 _; rc=$?\n"
                + "  if [ \"$rc\" -le 128 ]; then\n" // not a timeout: the pipe ended, its JVM is gone
                + "    kill -\"$sig\" \"$pid\" 2>/dev/null\n"
                + "    for _ in $(seq 50); do kill -0 \"$pid\" 2>/dev/null || break; sleep 0.1; done\n"
                + "    kill -KILL \"$pid\" 2>/dev/null; rm -rf \"$dir\"; exit 0\n"
                + "  fi\n"
                + "done\n";
        return start(List.of("/bin/bash", "-c", script, name, Long.toString(pid), dataDirectory.toString(), signal));
    }

    /** Removes {@code directory} when this JVM dies (a file this JVM wrote, which no process holds). */
    static Process watchDirectory(String name, Path directory) {
        String script = "read -r _; rm -rf \"$1\"\n"; // read returns when the pipe ends: at this JVM's death, or destroy()
        return start(List.of("/bin/bash", "-c", script, name, directory.toString()));
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the guard that cleans up after this JVM: " + e.getMessage(), e);
        }
    }
}
