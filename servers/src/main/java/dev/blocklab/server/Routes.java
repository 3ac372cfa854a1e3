package dev.blocklab.server;

import dev.blocklab.vocabulary.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.backend.Backend;
import dev.blocklab.http.JsonExchange;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;

/** The routes every variant serves, with the same bodies. */
public final class Routes {
    /** The fast endpoint: constant JSON, no I/O. Its latency is the probe that shows a blocked loop. */
    public static final String FAST = "/";
    public static final String HEALTH = "/health";
    public static final String IO_PREFIX = dev.blocklab.vocabulary.Scenario.ROUTE_PREFIX;

    /** The body of {@link #FAST}, as in the seed's FastAPI app. */
    public static final JsonNode FAST_BODY = JsonExchange.object().put("message", "Hello World");
    public static final JsonNode HEALTH_BODY = JsonExchange.object().put("status", "up");

    private Routes() {}

    static HttpHandler of(Backend backend) {
        RoutingHandler routes = Handlers.routing()
                .get(FAST, JsonExchange.constant(FAST_BODY))
                .get(HEALTH, JsonExchange.constant(HEALTH_BODY));
        for (Scenario scenario : Scenario.values()) {
            routes.get(scenario.path(), new WorkloadHandler(scenario, backend));
        }
        return routes.setFallbackHandler(JsonExchange.NOT_FOUND);
    }
}
