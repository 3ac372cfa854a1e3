package dev.blocklab.downstream;

import dev.blocklab.backend.Database;
import dev.blocklab.backend.Queries;
import dev.blocklab.launch.Secrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A real PostgreSQL with the seeded schema: an embedded one (zonky, real binaries from Maven Central) in a
 * temporary data directory that is removed when it stops, or an external one given by URL.
 */
public final class Postgres implements AutoCloseable {
    /** Where the embedded server's generated password is, for the servers to read: a file only this user can read. */
    public static final String PASSWORD_FILE = "blocklab.password";

    private final Database database;
    private final Optional<EmbeddedPostgres> embedded;
    private final Optional<Path> dataDirectory;
    private final Optional<Process> guard;

    private Postgres(Database database, Optional<EmbeddedPostgres> embedded, Optional<Path> dataDirectory, Optional<Process> guard) {
        this.database = database;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.guard = guard;
    }

    public static Postgres embedded() {
        try {
            Path dataDirectory = Files.createTempDirectory("blocklab-pg-");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // More than any pool a run asks for: benchmarks may run several servers' pools in turn.
                    .setServerConfig("max_connections", "300")
                    .start();
            // From here on, whatever fails stops the server it started: it must not outlive a start that did not finish.
            Optional<Process> guard = Optional.empty();
            try {
                guard = Optional.of(OrphanGuard.watch("blocklab-pg-guard", pid(dataDirectory), dataDirectory, "QUIT"));
                Database database = withPassword(new Database(pg.getJdbcUrl("postgres", "postgres"), "postgres", ""), dataDirectory);
                return seeded(new Postgres(database, Optional.of(pg), Optional.of(dataDirectory), guard));
            } catch (IOException | RuntimeException e) {
                guard.ifPresent(Process::destroy);
                pg.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * The embedded server starts with trust authentication (initdb's, as the library runs it); before anything else
     * connects, the user gets a generated password and every connection must prove it (scram-sha-256). The password is
     * written to {@link #PASSWORD_FILE} in the data directory (mode 0600; it goes with the directory), never printed.
     */
    private static Database withPassword(Database trusted, Path dataDirectory) throws IOException {
        String password = Secrets.generate();
        try (Connection connection = DriverManager.getConnection(trusted.jdbcUrl(), trusted.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER " + trusted.user() + " PASSWORD '" + password + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), "# blocklab: password authentication only\n"
                    + "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not set the embedded PostgreSQL's password: " + e.getMessage(), e);
        }
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        Files.writeString(file, password);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return new Database(trusted.jdbcUrl(), trusted.user(), password);
    }

    /** The file that holds the embedded server's password; empty for an external server (its password is the user's). */
    public Optional<Path> passwordFile() {
        return dataDirectory.map(dir -> dir.resolve(PASSWORD_FILE));
    }

    public static Postgres external(Database database) {
        return seeded(new Postgres(database, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    public Database database() {
        return database;
    }

    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    /**
     * The embedded server's postmaster, from the first line of its {@code postmaster.pid}: {@code pg_ctl} hands it to
     * init, so it is not below this JVM and the harness finds its processes (it and its backends) by this pid.
     */
    public OptionalLong postmasterPid() {
        try {
            if (dataDirectory.isPresent()) {
                return OptionalLong.of(pid(dataDirectory.get()));
            }
        } catch (IOException | RuntimeException e) {
            // No pid file (yet, or any more): the harness then counts no PostgreSQL process, and says so.
        }
        return OptionalLong.empty();
    }

    private static long pid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
    }

    /** Creates {@code items} with {@link Queries#SEEDED_ITEMS} rows, once; idempotent on an external server. */
    private static Postgres seeded(Postgres postgres) {
        Database db = postgres.database;
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS items (id integer PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO items SELECT i, 'item-' || i FROM generate_series(1, " + Queries.SEEDED_ITEMS
                    + ") AS i ON CONFLICT (id) DO NOTHING");
            statement.execute("ANALYZE items");
            return postgres;
        } catch (SQLException e) {
            postgres.close();
            throw new IllegalStateException("could not prepare PostgreSQL at " + db.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        guard.ifPresent(Process::destroy);
        embedded.ifPresent(pg -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("blocklab: stopping embedded PostgreSQL failed: " + e.getMessage());
            }
        });
    }
}
