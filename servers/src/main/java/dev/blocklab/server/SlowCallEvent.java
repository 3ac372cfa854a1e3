package dev.blocklab.server;

import dev.blocklab.vocabulary.ServerEvents;
import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A slow route's call, as the server saw it. The client's figures count answers it got within their budget; this counts
 * the calls the server finished, so a server that did its pool's worth of work but answered every request too late (a
 * queue in front of a full pool) shows both. It begins when the server takes the request (on loop-offload, before the
 * executor's queue), so the analysis counts calls by their end, and only those that succeeded. A few hundred a second at
 * most: no stack trace, nothing JFR's cost notices.
 */
@Name(ServerEvents.SLOW_CALL)
@Label("Slow call")
@Category("blocklab")
@StackTrace(false)
final class SlowCallEvent extends jdk.jfr.Event {
    @Label("Route")
    String route;

    @Label("Succeeded")
    boolean succeeded;

    /** Starts timing a call of {@code route}. */
    static SlowCallEvent start(String route) {
        SlowCallEvent event = new SlowCallEvent();
        event.route = route;
        event.begin();
        return event;
    }

    void done(boolean succeeded) {
        this.succeeded = succeeded;
        end();
        commit();
    }
}
