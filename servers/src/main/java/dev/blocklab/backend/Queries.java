package dev.blocklab.backend;

/**
 * The statements of the database routes ({@code /io/db} on PostgreSQL, {@code /io/mariadb} on MariaDB), shared by the
 * blocking and the async clients. JDBC and vertx-mysql-client take {@code ?} placeholders, vertx-pg-client {@code $n};
 * {@link #forVertx} converts, so the SQL is written once.
 */
public final class Queries {
    /** Holds a connection for the requested delay, inside PostgreSQL. */
    public static final String SLEEP = "SELECT 1 FROM pg_sleep(?)";
    /** The same inside MariaDB (the seed's MySQL row): {@code SLEEP} answers 0 after the delay. */
    public static final String MARIADB_SLEEP = "SELECT SLEEP(?)";
    /** An indexed lookup (primary key range) that returns {@link #ROWS} rows. */
    public static final String LOOKUP = "SELECT id, name FROM items WHERE id BETWEEN ? AND ? ORDER BY id";
    public static final int ROWS = 3;
    public static final int SEEDED_ITEMS = 10_000;

    private Queries() {}

    /** The first id of the lookup: depends on the delay only, so every variant returns the same rows. */
    public static int firstId(int delayMs) {
        return delayMs % (SEEDED_ITEMS - ROWS) + 1;
    }

    public static double sleepSeconds(int delayMs) {
        return delayMs / 1000.0;
    }

    static String forVertx(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
