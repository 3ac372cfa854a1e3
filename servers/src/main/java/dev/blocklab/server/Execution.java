package dev.blocklab.server;

import io.undertow.server.HttpHandler;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Where a request's handler runs: the first axis of a {@link Variant}. */
public enum Execution {
    /** On the XNIO IO thread that read the request: an event loop. */
    IO_THREAD {
        @Override
        Optional<ExecutorService> newExecutor(ServerOptions options) {
            return Optional.empty();
        }
    },
    /** On a bounded pool of platform threads. */
    PLATFORM_POOL {
        @Override
        Optional<ExecutorService> newExecutor(ServerOptions options) {
            return Optional.of(Executors.newFixedThreadPool(
                    options.workerThreads(), Thread.ofPlatform().name("worker-", 1).factory()));
        }

        @Override
        OptionalInt poolSize(ServerOptions options) {
            return OptionalInt.of(options.workerThreads());
        }
    },
    /** On a new virtual thread per request. */
    VIRTUAL_THREAD {
        @Override
        Optional<ExecutorService> newExecutor(ServerOptions options) {
            return Optional.of(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("request-", 1).factory()));
        }
    };

    /** The executor handlers are dispatched to, or none when they stay on the IO thread. */
    abstract Optional<ExecutorService> newExecutor(ServerOptions options);

    /** The size of the handler pool when there is a fixed one. */
    OptionalInt poolSize(ServerOptions options) {
        return OptionalInt.empty();
    }

    /** Puts {@code routes} where this execution model runs handlers. */
    static HttpHandler place(HttpHandler routes, Optional<ExecutorService> executor) {
        return executor.<HttpHandler>map(e -> new DispatchHandler(e, routes)).orElse(routes);
    }
}
