package dev.blocklab.vocabulary;

/**
 * How the slow call is made: the second axis of a {@link Variant}. The servers module opens the clients of
 * each one ({@code Backends}); here it is only a name every module can read.
 */
public enum ClientStyle {
    /** pgjdbc with HikariCP and Apache HttpClient (classic), called on the handler's thread. */
    BLOCKING,
    /** The same blocking clients, each call handed to a bounded executor; the caller gets a future. */
    OFFLOADED,
    /** async-http-client and vertx-pg-client: the caller's thread never waits. */
    ASYNC
}
