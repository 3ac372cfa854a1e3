package dev.blocklab.server;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The slow routes, {@code /io/<scenario>?ms=N}: what the handler waits for. */
public enum Scenario {
    /** A call to the slow HTTP service (the seed's {@code requests.get}). */
    HTTP,
    /** {@code pg_sleep} then an indexed lookup on PostgreSQL (the seed's sync database call). */
    DB,
    /** Both, one after the other, so the route takes twice the delay. */
    MIXED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String path() {
        return Routes.IO_PREFIX + id();
    }

    public static Scenario fromId(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id().equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; valid scenarios: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id();
    }
}
