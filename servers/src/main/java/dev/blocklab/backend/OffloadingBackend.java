package dev.blocklab.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hands every call of a blocking backend to a bounded executor and returns at once: Python's
 * {@code run_in_executor}, the cure that keeps an event loop free while keeping the blocking clients.
 */
public final class OffloadingBackend implements Backend {
    /** Calls waiting for an offload thread beyond this are refused with 503 rather than queued forever. */
    static final int QUEUE_CAPACITY = 10_000;

    private final Backend blocking;
    private final ThreadPoolExecutor executor;

    public OffloadingBackend(Backend blocking, int threads) {
        this.blocking = blocking;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), Thread.ofPlatform().name("offload-", 1).factory());
    }

    @Override
    public CompletionStage<JsonNode> http(int ms) {
        return offload(() -> blocking.http(ms));
    }

    @Override
    public CompletionStage<List<Item>> db(int ms) {
        return offload(() -> blocking.db(ms));
    }

    @Override
    public CompletionStage<List<Item>> mariadb(int ms) {
        return offload(() -> blocking.mariadb(ms));
    }

    @Override
    public CompletionStage<JsonNode> s3(int ms) {
        return offload(() -> blocking.s3(ms));
    }

    @Override
    public CompletionStage<Long> file(int ms) {
        return offload(() -> blocking.file(ms));
    }

    @Override
    public CompletionStage<Void> cpu(int ms) {
        return offload(() -> blocking.cpu(ms));
    }

    @Override
    public CompletionStage<Void> sleep(int ms) {
        return offload(() -> blocking.sleep(ms));
    }

    private <T> CompletionStage<T> offload(Supplier<CompletionStage<T>> call) {
        try {
            return CompletableFuture.supplyAsync(call, executor).thenCompose(stage -> stage);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(DownstreamException.of(DownstreamException.Kind.OVERLOADED, e));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        blocking.close();
    }
}
