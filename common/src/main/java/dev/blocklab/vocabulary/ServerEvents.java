package dev.blocklab.vocabulary;

/**
 * The JFR events a JVM server under test writes of its own, by name: the server commits them, the analysis reads them
 * from the same recording, and these constants are the one spelling both use.
 */
public final class ServerEvents {
    /**
     * One slow route's downstream call, from when the handler started it (after any wait for a pool's thread) to when it
     * completed; counted whether or not the client was still waiting for the answer.
     */
    public static final String SLOW_CALL = "blocklab.SlowCall";
    /** One wait for a database connection from the pool (HikariCP or Vert.x's), from asking to holding one or failing. */
    public static final String CONNECTION_WAIT = "blocklab.ConnectionWait";

    private ServerEvents() {}
}
