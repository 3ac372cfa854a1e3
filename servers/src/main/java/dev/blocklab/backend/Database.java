package dev.blocklab.backend;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a database is: PostgreSQL or MariaDB, told apart by the JDBC URL. The password never travels on a command line
 * (JFR and {@code ps} would show it): it comes from the engine's environment variable or from a file.
 */
public record Database(String jdbcUrl, String user, String password) {
    /** The two SQL servers the routes call, each with its URL form and the environment variables that configure it. */
    public enum Engine {
        POSTGRESQL("PostgreSQL", "postgresql", URL_ENV, PASSWORD_ENV, "postgres"),
        MARIADB("MariaDB", "mariadb", MARIADB_URL_ENV, MARIADB_PASSWORD_ENV, "blocklab");

        private final String displayName;
        private final String scheme;
        private final String urlEnv;
        private final String passwordEnv;
        private final String defaultUser;

        Engine(String displayName, String scheme, String urlEnv, String passwordEnv, String defaultUser) {
            this.displayName = displayName;
            this.scheme = scheme;
            this.urlEnv = urlEnv;
            this.passwordEnv = passwordEnv;
            this.defaultUser = defaultUser;
        }

        public String displayName() {
            return displayName;
        }

        public String urlPrefix() {
            return "jdbc:" + scheme + "://";
        }

        public String urlEnv() {
            return urlEnv;
        }

        public String passwordEnv() {
            return passwordEnv;
        }

        public String defaultUser() {
            return defaultUser;
        }

        static Engine of(String jdbcUrl) {
            for (Engine engine : values()) {
                if (jdbcUrl.toLowerCase(Locale.ROOT).startsWith(engine.urlPrefix())) {
                    return engine;
                }
            }
            throw new IllegalArgumentException("a database URL must look like jdbc:postgresql://HOST:PORT/DB or jdbc:mariadb://HOST:PORT/DB, got "
                    + jdbcUrl);
        }
    }

    // Constants, not derived from the engine: picocli's annotations name them as defaults.
    public static final String URL_ENV = "BLOCKLAB_PG_URL";
    public static final String USER_ENV = "BLOCKLAB_PG_USER";
    public static final String PASSWORD_ENV = "BLOCKLAB_PG_PASSWORD";
    public static final String MARIADB_URL_ENV = "BLOCKLAB_MARIADB_URL";
    public static final String MARIADB_USER_ENV = "BLOCKLAB_MARIADB_USER";
    public static final String MARIADB_PASSWORD_ENV = "BLOCKLAB_MARIADB_PASSWORD";
    /** {@code user:secret@host}, or a {@code password=} parameter (both drivers read both). */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("(?i)^jdbc:[a-z]+://[^/?#]*:[^/?#@]*@|[?&;]password=");

    public Database {
        Engine engine = Engine.of(jdbcUrl);
        // The URL is recorded (manifest, JMH's parameters, logs); a password in it would be published with them.
        if (CREDENTIALS_IN_URL.matcher(jdbcUrl).find()) {
            throw new IllegalArgumentException("the " + engine.displayName() + " URL carries a password; give it in $"
                    + engine.passwordEnv() + " instead, which is never recorded");
        }
        password = password == null ? "" : password;
    }

    /** A database whose password is in its engine's environment variable (empty when unset). */
    public static Database of(String jdbcUrl, String user) {
        return new Database(jdbcUrl, user, System.getenv(Engine.of(jdbcUrl).passwordEnv()));
    }

    public Engine engine() {
        return Engine.of(jdbcUrl);
    }

    /** The same address as the URI Vert.x reads: {@code postgresql://} or {@code mysql://} (its MariaDB client speaks MySQL's protocol). */
    public URI uri() {
        String address = jdbcUrl.substring(engine().urlPrefix().length());
        return URI.create((engine() == Engine.MARIADB ? "mysql" : "postgresql") + "://" + address);
    }

    @Override
    public String toString() {
        return "Database[" + jdbcUrl + ", user=" + user + "]";
    }
}
