package dev.blocklab.server;

import dev.blocklab.vocabulary.Execution;
import io.undertow.server.HttpHandler;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the first axis of a variant: where an {@link Execution} runs the handlers. */
final class HandlerPlacement {
    private HandlerPlacement() {}

    /** The executor handlers are dispatched to, or none when they stay on the IO thread. */
    static Optional<ExecutorService> newExecutor(Execution execution, ServerOptions options) {
        return switch (execution) {
            case IO_THREAD -> Optional.empty();
            case PLATFORM_POOL -> Optional.of(Executors.newFixedThreadPool(
                    options.workerThreads(), Thread.ofPlatform().name("worker-", 1).factory()));
            case VIRTUAL_THREAD -> Optional.of(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("request-", 1).factory()));
        };
    }

    /** The size of the handler pool when there is a fixed one. */
    static OptionalInt poolSize(Execution execution, ServerOptions options) {
        return execution == Execution.PLATFORM_POOL ? OptionalInt.of(options.workerThreads()) : OptionalInt.empty();
    }

    /** Puts {@code routes} where this execution model runs handlers. */
    static HttpHandler place(HttpHandler routes, Optional<ExecutorService> executor) {
        return executor.<HttpHandler>map(e -> new DispatchHandler(e, routes)).orElse(routes);
    }
}
