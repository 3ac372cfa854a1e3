package dev.blocklab.bench.run;

import java.util.Locale;

/** How the slow requests are offered: the open-model generator at λ = N / D, or N closed-loop JMH threads. */
public enum SlowLoad {
    /** {@code OpenSlowLoad} in each fork: arrivals at a constant rate, latency from each request's due time. */
    OPEN,
    /** N JMH threads, each waiting for its answer before sending the next (the first version's model). */
    CLOSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SlowLoad fromId(String id) {
        for (SlowLoad load : values()) {
            if (load.id().equals(id)) {
                return load;
            }
        }
        throw new IllegalArgumentException("unknown slow load '" + id + "'; valid: open, closed");
    }
}
