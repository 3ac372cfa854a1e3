package dev.blocklab.backend;

import java.net.URI;

/**
 * Where the S3-compatible object store is and how to sign for it, and the one object the {@code /io/s3} route gets: the
 * key {@code delay/<ms>/item.json} asks the store to answer after {@code ms} (the store's own convention, like the slow
 * HTTP service's {@code ?ms=}). The secret key never travels on a command line: it comes from a file.
 */
public record ObjectStoreAddress(URI endpoint, String accessKey, String secretKey) {
    public static final String BUCKET = "blocklab";
    /** The embedded store's access key id (an identifier, not a secret). */
    public static final String ACCESS_KEY = "blocklab";
    public static final String OBJECT = "item.json";
    /** The stored object: small JSON, so the route's time is the store's delay, not a transfer. */
    public static final String CONTENT = "{\"id\":1,\"name\":\"item-1\"}";
    /**
     * Threads of the store that each hold one delayed GET: more than any level the runs ask of a route that calls it at
     * 1,024 in flight, below the machine's limits (a thread reserves about 1 MB of stack).
     */
    public static final int THREADS = 1_200;

    /** A key of the delay convention. */
    public record Key(int delayMs, String object) {
        private static final String PREFIX = "delay/";

        public static Key parse(String name) {
            if (name.startsWith(PREFIX)) {
                int slash = name.indexOf('/', PREFIX.length());
                if (slash > PREFIX.length()) {
                    try {
                        return new Key(Integer.parseInt(name.substring(PREFIX.length(), slash)), name.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        // Not of the convention: the name as it is.
                    }
                }
            }
            return new Key(0, name);
        }

        public String name() {
            return PREFIX + delayMs + "/" + object;
        }
    }

    @Override
    public String toString() {
        return "ObjectStoreAddress[" + endpoint + ", accessKey=" + accessKey + "]";
    }
}
