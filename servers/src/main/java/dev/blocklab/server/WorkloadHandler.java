package dev.blocklab.server;

import dev.blocklab.vocabulary.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.backend.Backend;
import dev.blocklab.backend.CpuWork;
import dev.blocklab.backend.DownstreamException;
import dev.blocklab.backend.Item;
import dev.blocklab.http.Delay;
import dev.blocklab.http.JsonExchange;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A slow route, written once for every variant. It does <em>not</em> end the exchange when its call stack
 * returns: the answer is sent when the backend's stage completes, on whichever thread completes it. With a
 * blocking backend that is the calling thread, after it waited.
 */
final class WorkloadHandler implements HttpHandler {
    private final Scenario scenario;
    private final Backend backend;

    WorkloadHandler(Scenario scenario, Backend backend) {
        this.scenario = scenario;
        this.backend = backend;
        if (scenario.cpuBound()) {
            CpuWork.roundsPerMs(); // measured at start, not on the first request's time
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        int ms;
        try {
            ms = Delay.from(exchange.getQueryParameters());
        } catch (IllegalArgumentException e) {
            JsonExchange.error(exchange, 400, e.getMessage());
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            SlowCallEvent event = SlowCallEvent.start(scenario.id());
            call(ms).whenComplete((body, failure) -> {
                event.done(failure == null);
                answer(exchange, body, failure);
            });
        });
    }

    private static void answer(HttpServerExchange exchange, ObjectNode body, Throwable failure) {
        onIoThread(exchange, () -> {
            if (failure == null) {
                JsonExchange.send(exchange, 200, body);
            } else if (DownstreamException.unwrap(failure) instanceof DownstreamException e) {
                JsonExchange.error(exchange, e.kind().status(), e.getMessage());
            } else {
                JsonExchange.error(exchange, 500, "internal error: " + DownstreamException.unwrap(failure));
            }
        });
    }

    /**
     * Answers on the connection's own IO thread, as event-loop servers do: a callback completing on a
     * client's thread (async-http-client, Vert.x, the offload pool) hands the write back to the loop.
     */
    private static void onIoThread(HttpServerExchange exchange, Runnable answer) {
        if (exchange.isInIoThread()) {
            answer.run();
        } else {
            exchange.getIoThread().execute(answer);
        }
    }

    private CompletionStage<ObjectNode> call(int ms) {
        ObjectNode body = JsonExchange.object().put("route", scenario.id()).put("ms", ms);
        return switch (scenario) {
            case HTTP -> backend.http(ms).thenApply(answer -> withHttp(body, answer));
            case DB -> backend.db(ms).thenApply(rows -> withRows(body, rows));
            case MARIADB -> backend.mariadb(ms).thenApply(rows -> withRows(body, rows));
            case MIXED -> backend.http(ms)
                    .thenCompose(answer -> backend.db(ms).thenApply(rows -> withRows(withHttp(body, answer), rows)));
            case S3 -> backend.s3(ms).thenApply(object -> body.set("object", object));
            case FILE -> backend.file(ms).thenApply(bytes -> body.put("bytes", bytes));
            case SLEEP -> backend.sleep(ms).thenApply(ignored -> body);
            case CPU -> backend.cpu(ms).thenApply(ignored -> body);
        };
    }

    private static ObjectNode withHttp(ObjectNode body, JsonNode answer) {
        body.set("downstream", answer);
        return body;
    }

    private static ObjectNode withRows(ObjectNode body, List<Item> rows) {
        body.set("rows", JsonExchange.JSON.valueToTree(rows));
        return body;
    }
}
