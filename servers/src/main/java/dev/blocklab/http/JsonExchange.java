package dev.blocklab.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Writes JSON answers; every body of every route and error goes through here. */
public final class JsonExchange {
    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonExchange() {}

    public static void send(HttpServerExchange exchange, int status, JsonNode body) {
        send(exchange, status, body.toString());
    }

    public static void send(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json);
    }

    /** {@code {"error": message, "status": status}} */
    public static void error(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, JSON.createObjectNode().put("error", message).put("status", status));
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A handler that always answers the same body, serialized once. */
    public static HttpHandler constant(JsonNode body) {
        String json = body.toString();
        return exchange -> send(exchange, 200, json);
    }

    /** The answer to an unknown path. */
    public static final HttpHandler NOT_FOUND = exchange -> error(exchange, 404, "no route " + exchange.getRequestPath());
}
