package dev.blocklab.backend;

import static dev.blocklab.backend.DownstreamException.Kind.DATABASE;
import static dev.blocklab.backend.DownstreamException.Kind.FILE;
import static dev.blocklab.backend.DownstreamException.Kind.HTTP;
import static dev.blocklab.backend.DownstreamException.Kind.MARIADB;
import static dev.blocklab.backend.DownstreamException.Kind.OBJECT_STORE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The async-native cure: async-http-client, vertx-pg-client, vertx-mysql-client (which speaks to MariaDB) and the AWS
 * SDK's {@code S3AsyncClient}. Calls return at once; their own event loops (one thread for HTTP, one shared by both
 * databases, one for S3) complete the stage when the downstream answers.
 */
public final class AsyncBackend implements Backend {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLEEP = Queries.forVertx(Queries.SLEEP);
    private static final String LOOKUP = Queries.forVertx(Queries.LOOKUP);

    private final Downstreams downstreams;
    private final Limits limits;
    private final AsyncHttpClient http;
    private final AsyncLimiter httpLimiter;
    private final Vertx vertx;
    private final Pool db;
    private final Optional<Pool> mariadb;
    private final Optional<S3AsyncClient> s3;
    private final Optional<DataFile> file;
    private final Optional<AsynchronousFileChannel> fileChannel;

    public AsyncBackend(Downstreams downstreams, Limits limits) {
        this.downstreams = downstreams;
        this.limits = limits;
        this.http = Dsl.asyncHttpClient(Dsl.config()
                .setThreadPoolName("ahc")
                .setIoThreadsCount(1)
                .setConnectTimeout(limits.timeoutSlack())
                .setMaxRequestRetry(0));
        this.httpLimiter = new AsyncLimiter(limits.httpConnections());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Database database = downstreams.database();
        PgConnectOptions connect = PgConnectOptions.fromUri(database.uri().toString())
                .setUser(database.user())
                .setPassword(database.password());
        this.db = PgBuilder.pool().with(poolOptions(limits)).connectingTo(connect).using(vertx).build();
        this.mariadb = downstreams.mariadb().map(mariadb -> MySQLBuilder.pool()
                .with(poolOptions(limits))
                .connectingTo(MySQLConnectOptions.fromUri(mariadb.uri().toString()).setUser(mariadb.user()).setPassword(mariadb.password()))
                .using(vertx)
                .build());
        this.s3 = downstreams.objectStore().map(store -> ObjectStoreClients.configure(S3AsyncClient.builder(), store, limits)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(1))
                        .maxConcurrency(limits.httpConnections())
                        .maxPendingConnectionAcquires(limits.httpConnections())
                        .connectionTimeout(limits.timeoutSlack())
                        .connectionAcquisitionTimeout(limits.timeoutSlack())
                        .readTimeout(limits.timeoutFor(dev.blocklab.http.Delay.MAX_MS)))
                .build());
        this.file = downstreams.file();
        // The JDK's default thread pool, as users open the channel: on Linux each read is a blocking read on one of its threads.
        this.fileChannel = file.map(data -> {
            try {
                return AsynchronousFileChannel.open(data.path(), data.openOptions(), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the data file " + data.path() + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public CompletionStage<JsonNode> s3(int ms) {
        if (s3.isEmpty()) {
            return CompletableFuture.failedFuture(DownstreamException.notConfigured(OBJECT_STORE, "--s3-url"));
        }
        CompletionStage<JsonNode> call = s3.get().getObject(ObjectStoreClients.get(ms, limits), AsyncResponseTransformer.toBytes())
                .thenApply(object -> {
                    try {
                        return JSON.readTree(object.asByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return failingAs(OBJECT_STORE, call, ms);
    }

    @Override
    public CompletionStage<Long> file(int ms) {
        if (fileChannel.isEmpty()) {
            return CompletableFuture.failedFuture(DownstreamException.notConfigured(FILE, "--file"));
        }
        DataFile data = file.orElseThrow();
        CompletableFuture<Long> done = new CompletableFuture<>();
        ByteBuffer buffer = DataFile.borrowBuffer();
        readOn(data, buffer, data.bytesFor(ms), data.startOffset(ms), () -> done.complete(data.bytesFor(ms)), done);
        // The buffer goes back only when no read uses it any more: at the end of the chain, not at a deadline.
        done.whenComplete((bytes, failure) -> DataFile.returnBuffer(buffer));
        return failingAs(FILE, done.copy(), ms);
    }

    /** One read, then the next from its completion (on the channel's pool), until {@code remaining} is read. */
    private void readOn(DataFile data, ByteBuffer buffer, long remaining, long position, Runnable finished, CompletableFuture<?> failed) {
        if (remaining <= 0) {
            finished.run();
            return;
        }
        buffer.clear().limit(data.nextLength(remaining, position));
        try {
            fileChannel.orElseThrow().read(buffer, position, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer read, Void ignored) {
                    try {
                        if (read <= 0) {
                            throw new IOException("read nothing at " + position + " of " + data.size());
                        }
                        readOn(data, buffer, remaining - read, data.advance(position, read), finished, failed);
                    } catch (IOException | RuntimeException e) {
                        failed.completeExceptionally(e); // thrown here, it would be lost in the channel's pool
                    }
                }

                @Override
                public void failed(Throwable failure, Void ignored) {
                    failed.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            failed.completeExceptionally(e);
        }
    }

    private static PoolOptions poolOptions(Limits limits) {
        return new PoolOptions()
                .setMaxSize(limits.dbPool())
                .setConnectionTimeout((int) limits.timeoutSlack().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Void> sleep(int ms) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (ms == 0) {
            done.complete(null); // Vert.x timers start at 1 ms
        } else {
            vertx.setTimer(ms, id -> done.complete(null));
        }
        return done;
    }

    @Override
    public CompletionStage<JsonNode> http(int ms) {
        CompletionStage<JsonNode> call = httpLimiter.submit(() -> http.prepareGet(downstreams.delayUrl(ms).toString())
                        .setRequestTimeout(limits.timeoutFor(ms))
                        .execute()
                        .toCompletableFuture())
                .thenApply(AsyncBackend::body);
        return failingAs(HTTP, call, ms);
    }

    @Override
    public CompletionStage<List<Item>> db(int ms) {
        return failingAs(DATABASE, query(db, Database.Engine.POSTGRESQL, SLEEP, LOOKUP, ms), ms);
    }

    @Override
    public CompletionStage<List<Item>> mariadb(int ms) {
        if (mariadb.isEmpty()) {
            return CompletableFuture.failedFuture(DownstreamException.notConfigured(MARIADB, "--mariadb-url"));
        }
        return failingAs(MARIADB, query(mariadb.get(), Database.Engine.MARIADB, Queries.MARIADB_SLEEP, Queries.LOOKUP, ms), ms);
    }

    private static CompletionStage<List<Item>> query(Pool pool, Database.Engine engine, String sleep, String lookup, int ms) {
        int first = Queries.firstId(ms);
        // The wait ends when the pool hands a connection over, or with the failure if it never did (done() runs once).
        ConnectionWaitEvent wait = ConnectionWaitEvent.start(engine.displayName());
        return pool.withConnection(connection -> {
                    wait.done(true);
                    return connection.preparedQuery(sleep)
                            .execute(Tuple.of(Queries.sleepSeconds(ms)))
                            .compose(slept -> connection.preparedQuery(lookup).execute(Tuple.of(first, first + Queries.ROWS - 1)));
                })
                .onFailure(failure -> wait.done(false))
                .map(rows -> {
                    List<Item> items = new ArrayList<>(Queries.ROWS);
                    for (Row row : rows) {
                        items.add(new Item(row.getInteger(0), row.getString(1)));
                    }
                    return items;
                })
                .toCompletionStage();
    }

    private static JsonNode body(Response response) {
        if (response.getStatusCode() != 200) {
            throw new UncheckedIOException(new IOException("answered " + response.getStatusCode()));
        }
        try {
            return JSON.readTree(response.getResponseBodyAsBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bounds the call by its deadline and turns any failure into a {@link DownstreamException}. */
    private <T> CompletionStage<T> failingAs(DownstreamException.Kind kind, CompletionStage<T> call, int ms) {
        return call.toCompletableFuture()
                .orTimeout(limits.timeoutFor(ms).toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(DownstreamException.of(kind, failure)));
    }

    @Override
    public void close() {
        db.close();
        mariadb.ifPresent(Pool::close);
        s3.ifPresent(S3AsyncClient::close);
        try {
            if (fileChannel.isPresent()) {
                fileChannel.get().close();
            }
        } catch (IOException e) {
            // Closing at shutdown: nothing left to do with it.
        }
        try {
            http.close();
        } catch (IOException e) {
            // Closing at shutdown: nothing left to do with it.
        }
        vertx.close();
    }
}
