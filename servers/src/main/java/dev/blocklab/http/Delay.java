package dev.blocklab.http;

import java.util.Deque;
import java.util.Map;

/** The {@code ms} query parameter of the slow routes: how long the downstream should take. */
public final class Delay {
    public static final String PARAM = "ms";
    public static final int MAX_MS = 60_000;

    private Delay() {}

    /** Reads {@code ms} from a request's query parameters, or throws with a message fit for a 400 body. */
    public static int from(Map<String, Deque<String>> query) {
        Deque<String> values = query.get(PARAM);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("missing query parameter '" + PARAM + "' (milliseconds, 0 to " + MAX_MS + ")");
        }
        String value = values.getFirst();
        int ms;
        try {
            ms = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + PARAM + "' must be a whole number of milliseconds, got '" + value + "'");
        }
        if (ms < 0 || ms > MAX_MS) {
            throw new IllegalArgumentException("'" + PARAM + "' must be between 0 and " + MAX_MS + ", got " + ms);
        }
        return ms;
    }
}
