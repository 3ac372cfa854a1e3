package dev.blocklab.backend;

import dev.blocklab.vocabulary.ServerEvents;
import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One wait for a database connection. When more requests are in flight than the pool has connections, this is where the
 * rest wait, whatever runs the handler; the wait shows the pool as the bound from data rather than from arithmetic.
 */
@Name(ServerEvents.CONNECTION_WAIT)
@Label("Connection wait")
@Category("blocklab")
@StackTrace(false)
public final class ConnectionWaitEvent extends jdk.jfr.Event {
    @Label("Database")
    String database;

    @Label("Acquired")
    boolean acquired;

    /** Not an event field: whether {@link #done} ran, so that a failure after the connection was acquired is not a second wait. */
    private transient boolean done;

    /** Starts timing a wait for a connection to {@code database}. */
    static ConnectionWaitEvent start(String database) {
        ConnectionWaitEvent event = new ConnectionWaitEvent();
        event.database = database;
        event.begin();
        return event;
    }

    /** Ends the wait, once: {@code acquired} is false when the pool gave no connection (a timeout, a refused connect). */
    void done(boolean acquired) {
        if (done) {
            return;
        }
        done = true;
        this.acquired = acquired;
        end();
        commit();
    }
}
