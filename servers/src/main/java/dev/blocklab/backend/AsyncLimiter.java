package dev.blocklab.backend;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * At most {@code permits} asynchronous calls in flight; the others wait in a queue without holding a
 * thread. async-http-client refuses a request past its connection limit instead of waiting for a
 * connection as the blocking client's pool does; this gives the async variant the same behaviour.
 */
final class AsyncLimiter {
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int available;

    AsyncLimiter(int permits) {
        this.available = permits;
    }

    <T> CompletionStage<T> submit(Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, failure) -> {
                release();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        if (acquireOrQueue(start)) {
            start.run();
        }
        return result;
    }

    private synchronized boolean acquireOrQueue(Runnable start) {
        if (available > 0) {
            available--;
            return true;
        }
        waiting.add(start);
        return false;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                available++;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
