package dev.blocklab.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.Executor;

/**
 * Runs {@code next} on {@code executor} instead of the IO thread, as Undertow's BlockingHandler does with
 * the XNIO worker, but with an executor of our choosing (a platform pool or virtual threads).
 */
final class DispatchHandler implements HttpHandler {
    private final Executor executor;
    private final HttpHandler next;

    DispatchHandler(Executor executor, HttpHandler next) {
        this.executor = executor;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(executor, next);
        } else {
            next.handleRequest(exchange);
        }
    }
}
