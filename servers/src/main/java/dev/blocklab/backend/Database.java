package dev.blocklab.backend;

import java.net.URI;

/**
 * Where PostgreSQL is. The password never travels on a command line (JFR and {@code ps} would show it): it
 * comes from the environment variable {@link #PASSWORD_ENV}.
 */
public record Database(String jdbcUrl, String user, String password) {
    public static final String URL_ENV = "BLOCKLAB_PG_URL";
    public static final String USER_ENV = "BLOCKLAB_PG_USER";
    public static final String PASSWORD_ENV = "BLOCKLAB_PG_PASSWORD";
    /** {@code user:secret@host}, or a {@code password=} parameter (pgjdbc reads both). */
    private static final java.util.regex.Pattern CREDENTIALS_IN_URL =
            java.util.regex.Pattern.compile("(?i)^jdbc:postgresql://[^/?#]*:[^/?#@]*@|[?&;]password=");

    public Database {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("PostgreSQL URL must look like jdbc:postgresql://HOST:PORT/DB, got " + jdbcUrl);
        }
        // The URL is recorded (manifest, JMH's parameters, logs); a password in it would be published with them.
        if (CREDENTIALS_IN_URL.matcher(jdbcUrl).find()) {
            throw new IllegalArgumentException("the PostgreSQL URL carries a password; give it in $" + PASSWORD_ENV
                    + " instead, which is never recorded");
        }
        password = password == null ? "" : password;
    }

    public static Database of(String jdbcUrl, String user) {
        return new Database(jdbcUrl, user, System.getenv(PASSWORD_ENV));
    }

    /** The same address as a {@code postgresql://} URI, the form Vert.x reads. */
    public URI uri() {
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    @Override
    public String toString() {
        return "Database[" + jdbcUrl + ", user=" + user + "]";
    }
}
