package dev.blocklab.downstream;

import dev.blocklab.backend.Database;
import dev.blocklab.backend.Queries;
import dev.blocklab.launch.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB (the seed's MySQL row) with the seeded schema: Debian's {@code mariadbd}, started in a temporary data
 * directory on 127.0.0.1 and removed when it stops, or an external server given by URL. Unlike PostgreSQL there is no
 * Maven artifact with its binaries: a machine without the {@code mariadb-server} package has no embedded MariaDB, and
 * {@link #embedded} says why instead of failing the downstreams.
 */
public final class MariaDb implements AutoCloseable {
    /** Where the generated password of the embedded server's user is: a file only this user can read, in its data directory. */
    public static final String PASSWORD_FILE = "blocklab.password";
    static final String DATABASE = "blocklab";
    static final String USER = Database.Engine.MARIADB.defaultUser();
    private static final List<String> SERVER_BINARIES = List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld");
    private static final List<String> INSTALL_BINARIES = List.of("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db");
    private static final Duration START = Duration.ofSeconds(60);

    private final Database database;
    private final Optional<Process> server;
    private final Optional<GuardedDirectory> directory;
    private final Optional<Process> guard;

    private MariaDb(Database database, Optional<Process> server, Optional<GuardedDirectory> directory, Optional<Process> guard) {
        this.database = database;
        this.server = server;
        this.directory = directory;
        this.guard = guard;
    }

    /** A server a run may use, or why there is none. */
    public sealed interface Outcome permits Started, Unavailable {}

    public record Started(MariaDb mariadb) implements Outcome {}

    public record Unavailable(String reason) implements Outcome {}

    /** Starts Debian's MariaDB in a new temporary directory; {@link Unavailable} when its binaries are not installed. */
    public static Outcome embedded() {
        Optional<Path> mariadbd = firstExisting(SERVER_BINARIES);
        Optional<Path> installDb = firstExisting(INSTALL_BINARIES);
        if (mariadbd.isEmpty() || installDb.isEmpty()) {
            return new Unavailable("MariaDB is not installed (no mariadbd and mariadb-install-db; Debian: apt-get install mariadb-server)");
        }
        GuardedDirectory guarded;
        try {
            // Guarded from creation: preparing the data directory takes seconds, and a JVM killed meanwhile must not leave it.
            guarded = GuardedDirectory.create("mariadb-dir");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create MariaDB's directory: " + e.getMessage(), e);
        }
        Path directory = guarded.path();
        Process server = null;
        Process guard = null;
        try {
            Path data = directory.resolve("data");
            String user = System.getProperty("user.name");
            run(List.of(installDb.get().toString(), "--no-defaults", "--datadir=" + data, "--user=" + user, "--skip-test-db",
                    "--auth-root-authentication-method=socket"), directory.resolve("install.log"));
            String password = Secrets.generate();
            // Runs at start with the server's own rights, before any client connects: the user and the database. The
            // file holds the password, so it is readable by this user only and removed once the server is up.
            Path init = guarded.writePrivate("init.sql", "CREATE DATABASE IF NOT EXISTS " + DATABASE + ";\n"
                    + "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';\n"
                    + "GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1';\n");
            int port = freePort();
            server = new ProcessBuilder(mariadbd.get().toString(), "--no-defaults", "--datadir=" + data, "--user=" + user,
                    "--bind-address=127.0.0.1", "--port=" + port, "--socket=" + directory.resolve("mariadb.sock"),
                    "--pid-file=" + directory.resolve("mariadb.pid"), "--log-error=" + directory.resolve("error.log"),
                    "--init-file=" + init, "--skip-name-resolve", "--skip-log-bin",
                    // More than any pool a run asks for: benchmarks may run several servers' pools in turn, as for PostgreSQL.
                    "--max-connections=300", "--innodb-buffer-pool-size=64M")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("error.log").toFile()))
                    .start();
            guard = OrphanGuard.watch("blocklab-mariadb-guard", server.pid(), directory, "TERM");
            Database database = new Database("jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE, USER, password);
            awaitConnectable(database, server, directory);
            Files.delete(init);
            guarded.writePrivate(PASSWORD_FILE, password);
            return new Started(seeded(new MariaDb(database, Optional.of(server), Optional.of(guarded), Optional.of(guard))));
        } catch (IOException | RuntimeException e) {
            // Whatever failed stops what it started: nothing may outlive a start that did not finish.
            if (guard != null) {
                guard.destroy();
            }
            stop(server);
            guarded.close();
            throw new IllegalStateException("could not start MariaDB: " + e.getMessage(), e);
        }
    }

    public static MariaDb external(Database database) {
        return seeded(new MariaDb(database, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    public Database database() {
        return database;
    }

    public boolean isEmbedded() {
        return server.isPresent();
    }

    /** The file that holds the embedded server's password; empty for an external server (its password is the user's). */
    public Optional<Path> passwordFile() {
        return directory.map(dir -> dir.resolve(PASSWORD_FILE));
    }

    /** The embedded {@code mariadbd}, one process with a thread per connection, whose CPU and memory a run accounts for. */
    public OptionalLong pid() {
        return server.map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    }

    private static Optional<Path> firstExisting(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(Path.of(command.getFirst()).getFileName() + " did not finish in " + START.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing MariaDB's data directory");
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.getFirst()).getFileName() + " failed (exit " + process.exitValue() + "): " + lastLine(log));
        }
    }

    private static void awaitConnectable(Database database, Process server, Path directory) throws IOException {
        Instant deadline = Instant.now().plus(START);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IOException("mariadbd exited (" + server.exitValue() + "): " + lastLine(directory.resolve("error.log")));
            }
            try (Connection ignored = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for MariaDB");
            }
        }
        throw new IOException("MariaDB did not accept connections in " + START.toSeconds() + " s: " + (last == null ? "" : last.getMessage()));
    }

    /** Creates {@code items} with {@link Queries#SEEDED_ITEMS} rows, once; idempotent on an external server. */
    private static MariaDb seeded(MariaDb mariadb) {
        Database db = mariadb.database;
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB");
            // A batch, not a recursive CTE: MariaDB stops those at max_recursive_iterations (1,000 by default), MySQL at its own depth.
            try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO items (id, name) VALUES (?, ?)")) {
                for (int id = 1; id <= Queries.SEEDED_ITEMS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "item-" + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.execute("ANALYZE TABLE items");
            return mariadb;
        } catch (SQLException e) {
            mariadb.close();
            throw new IllegalStateException("could not prepare MariaDB at " + db.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // No log to quote.
        }
        return "(no output)";
    }

    private static void stop(Process server) {
        if (server == null) {
            return;
        }
        server.destroy(); // SIGTERM: mariadbd shuts down cleanly
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        guard.ifPresent(Process::destroy);
        server.ifPresent(MariaDb::stop);
        directory.ifPresent(GuardedDirectory::close);
    }
}
