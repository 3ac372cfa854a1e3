package dev.blocklab.downstream;

import dev.blocklab.backend.Database;
import dev.blocklab.backend.Queries;
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
    private final Database database;
    private final Optional<EmbeddedPostgres> embedded;
    private final Optional<Path> dataDirectory;

    private Postgres(Database database, Optional<EmbeddedPostgres> embedded, Optional<Path> dataDirectory) {
        this.database = database;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
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
            Database database = new Database(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
            return seeded(new Postgres(database, Optional.of(pg), Optional.of(dataDirectory)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public static Postgres external(Database database) {
        return seeded(new Postgres(database, Optional.empty(), Optional.empty()));
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
                return OptionalLong.of(Long.parseLong(Files.readAllLines(dataDirectory.get().resolve("postmaster.pid")).getFirst().strip()));
            }
        } catch (IOException | RuntimeException e) {
            // No pid file (yet, or any more): the harness then counts no PostgreSQL process, and says so.
        }
        return OptionalLong.empty();
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
        embedded.ifPresent(pg -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("blocklab: stopping embedded PostgreSQL failed: " + e.getMessage());
            }
        });
    }
}
