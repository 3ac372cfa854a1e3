package dev.blocklab.vocabulary;

/**
 * The JFR events a JVM server under test writes of its own, by name: the server commits them, the analysis reads them
 * from the same recording, and these constants are the one spelling both use.
 */
public final class ServerEvents {
    /**
     * One slow route's downstream call, from when the handler started it to when it completed, succeeded or failed, whether
     * or not the client was still waiting for the answer. On {@code platform} and {@code virtual} it starts on the handler's
     * thread (after any wait for a worker); on {@code loop-offload} on the event loop, before the wait for the executor.
     */
    public static final String SLOW_CALL = "blocklab.SlowCall";
    /** One wait for a database connection from the pool (HikariCP or Vert.x's), from asking to holding one or failing. */
    public static final String CONNECTION_WAIT = "blocklab.ConnectionWait";

    private ServerEvents() {}
}
