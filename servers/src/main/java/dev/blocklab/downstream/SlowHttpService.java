package dev.blocklab.downstream;

import dev.blocklab.http.Delay;
import dev.blocklab.http.JsonExchange;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.xnio.Options;

/**
 * {@code GET /delay?ms=N} answers {@code {"delayedMs":N}} after N ms. The wait is a timer on the IO
 * thread, never a sleeping thread, so thousands of requests can be pending at once.
 */
public final class SlowHttpService implements AutoCloseable {
    public static final String DELAY = "/delay";

    private final Undertow undertow;

    private SlowHttpService(Undertow undertow) {
        this.undertow = undertow;
    }

    public static SlowHttpService start(int port, int ioThreads) {
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setIoThreads(ioThreads)
                .setWorkerThreads(1)
                .setSocketOption(Options.BACKLOG, 4096)
                .setHandler(Handlers.routing()
                        .get(DELAY, SlowHttpService::delay)
                        .get("/health", JsonExchange.constant(JsonExchange.object().put("status", "up")))
                        .setFallbackHandler(JsonExchange.NOT_FOUND))
                .build();
        undertow.start();
        return new SlowHttpService(undertow);
    }

    private static void delay(HttpServerExchange exchange) {
        int ms;
        try {
            ms = Delay.from(exchange.getQueryParameters());
        } catch (IllegalArgumentException e) {
            JsonExchange.error(exchange, 400, e.getMessage());
            return;
        }
        String body = JsonExchange.object().put("delayedMs", ms).toString();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread()
                .executeAfter(() -> JsonExchange.send(exchange, 200, body), ms, TimeUnit.MILLISECONDS));
    }

    public URI url() {
        InetSocketAddress address = (InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress();
        return URI.create("http://127.0.0.1:" + address.getPort());
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
