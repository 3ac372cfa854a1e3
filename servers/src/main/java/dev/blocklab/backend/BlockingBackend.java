package dev.blocklab.backend;

import static dev.blocklab.backend.DownstreamException.Kind.DATABASE;
import static dev.blocklab.backend.DownstreamException.Kind.FILE;
import static dev.blocklab.backend.DownstreamException.Kind.HTTP;
import static dev.blocklab.backend.DownstreamException.Kind.MARIADB;
import static dev.blocklab.backend.DownstreamException.Kind.OBJECT_STORE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The JVM's {@code requests}, {@code boto3} and sync database drivers: Apache HttpClient (classic), the AWS SDK's
 * {@code S3Client}, pgjdbc and MariaDB Connector/J, each database with its HikariCP pool.
 * Every call blocks the calling thread until the downstream answers, then returns a completed stage.
 */
public final class BlockingBackend implements Backend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Downstreams downstreams;
    private final Limits limits;
    private final CloseableHttpClient http;
    private final HikariDataSource db;
    private final Optional<HikariDataSource> mariadb;
    private final Optional<S3Client> s3;
    private final Optional<DataFile> file;
    private final Optional<FileChannel> fileChannel;

    public BlockingBackend(Downstreams downstreams, Limits limits) {
        this.downstreams = downstreams;
        this.limits = limits;
        this.http = httpClient(limits);
        this.db = dataSource(downstreams.database(), limits);
        this.mariadb = downstreams.mariadb().map(database -> dataSource(database, limits));
        this.file = downstreams.file();
        this.fileChannel = file.map(BlockingBackend::open);
        this.s3 = downstreams.objectStore().map(store -> ObjectStoreClients.configure(S3Client.builder(), store, limits)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(limits.httpConnections())
                        .connectionTimeout(limits.timeoutSlack())
                        .connectionAcquisitionTimeout(limits.timeoutSlack())
                        .socketTimeout(limits.timeoutFor(dev.blocklab.http.Delay.MAX_MS)))
                .build());
    }

    @Override
    public CompletionStage<JsonNode> s3(int ms) {
        if (s3.isEmpty()) {
            return CompletableFuture.failedFuture(DownstreamException.notConfigured(OBJECT_STORE, "--s3-url"));
        }
        try {
            byte[] object = s3.get().getObjectAsBytes(ObjectStoreClients.get(ms, limits)).asByteArray();
            return CompletableFuture.completedFuture(JSON.readTree(object));
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(DownstreamException.of(OBJECT_STORE, e));
        }
    }

    /** One channel for every read: positional reads of a {@code FileChannel} may run concurrently. */
    private static FileChannel open(DataFile file) {
        try {
            return FileChannel.open(file.path(), file.openOptions());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the data file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<Long> file(int ms) {
        if (fileChannel.isEmpty()) {
            return CompletableFuture.failedFuture(DownstreamException.notConfigured(FILE, "--file"));
        }
        DataFile data = file.orElseThrow();
        ByteBuffer buffer = DataFile.borrowBuffer();
        long remaining = data.bytesFor(ms);
        long position = data.startOffset(ms);
        // A local disk read has no timeout to give (FileChannel offers none): it ends when the device answers.
        try {
            while (remaining > 0) {
                buffer.clear().limit(data.nextLength(remaining, position));
                int read = fileChannel.get().read(buffer, position);
                if (read <= 0) {
                    throw new IOException("read nothing at " + position + " of " + data.size());
                }
                remaining -= read;
                position = data.advance(position, read);
            }
            return CompletableFuture.completedFuture(data.bytesFor(ms));
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(DownstreamException.of(FILE, e));
        } finally {
            DataFile.returnBuffer(buffer);
        }
    }

    @Override
    public CompletionStage<Void> sleep(int ms) {
        try {
            Thread.sleep(ms);
            return CompletableFuture.completedFuture(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<JsonNode> http(int ms) {
        try {
            return CompletableFuture.completedFuture(get(ms));
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(DownstreamException.of(HTTP, e));
        }
    }

    @Override
    public CompletionStage<List<Item>> db(int ms) {
        try {
            return CompletableFuture.completedFuture(query(db, Database.Engine.POSTGRESQL, Queries.SLEEP, ms));
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(DownstreamException.of(DATABASE, e));
        }
    }

    @Override
    public CompletionStage<List<Item>> mariadb(int ms) {
        if (mariadb.isEmpty()) {
            return CompletableFuture.failedFuture(DownstreamException.notConfigured(MARIADB, "--mariadb-url"));
        }
        try {
            return CompletableFuture.completedFuture(query(mariadb.get(), Database.Engine.MARIADB, Queries.MARIADB_SLEEP, ms));
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(DownstreamException.of(MARIADB, e));
        }
    }

    private JsonNode get(int ms) throws IOException {
        HttpGet get = new HttpGet(downstreams.delayUrl(ms));
        get.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(limits.timeoutFor(ms)))
                .setResponseTimeout(Timeout.of(limits.timeoutFor(ms)))
                .build());
        return http.execute(get, response -> {
            byte[] body = EntityUtils.toByteArray(response.getEntity());
            if (response.getCode() != 200) {
                throw new IOException("answered " + response.getCode());
            }
            return JSON.readTree(body);
        });
    }

    private List<Item> query(HikariDataSource pool, Database.Engine engine, String sleepSql, int ms) throws SQLException {
        int timeoutSeconds = (int) Math.ceil(limits.timeoutFor(ms).toMillis() / 1000.0);
        ConnectionWaitEvent wait = ConnectionWaitEvent.start(engine.displayName());
        Connection acquired;
        try {
            acquired = pool.getConnection();
        } catch (SQLException e) {
            wait.done(false);
            throw e;
        }
        wait.done(true);
        try (Connection connection = acquired) {
            try (PreparedStatement sleep = connection.prepareStatement(sleepSql)) {
                sleep.setQueryTimeout(timeoutSeconds);
                sleep.setDouble(1, Queries.sleepSeconds(ms));
                sleep.executeQuery().close();
            }
            try (PreparedStatement lookup = connection.prepareStatement(Queries.LOOKUP)) {
                lookup.setQueryTimeout(timeoutSeconds);
                int first = Queries.firstId(ms);
                lookup.setInt(1, first);
                lookup.setInt(2, first + Queries.ROWS - 1);
                List<Item> items = new ArrayList<>(Queries.ROWS);
                try (ResultSet rows = lookup.executeQuery()) {
                    while (rows.next()) {
                        items.add(new Item(rows.getInt(1), rows.getString(2)));
                    }
                }
                return items;
            }
        }
    }

    private static CloseableHttpClient httpClient(Limits limits) {
        Timeout connect = Timeout.of(limits.timeoutSlack());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(limits.httpConnections())
                        .setMaxConnPerRoute(limits.httpConnections())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).build())
                        .build())
                .disableAutomaticRetries()
                .build();
    }

    private static HikariDataSource dataSource(Database database, Limits limits) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(database.engine() == Database.Engine.MARIADB ? "mariadb" : "db");
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(limits.dbPool());
        config.setMinimumIdle(limits.dbPool());
        config.setConnectionTimeout(Math.max(250, limits.timeoutSlack().toMillis()));
        // Start even when PostgreSQL is down: requests then fail with 503 instead of the server not starting.
        config.setInitializationFailTimeout(-1);
        // The query timeout asks the server to cancel; a server or network that stalls never answers that either, and the
        // driver would then wait in a socket read forever. The socket timeout ends it: longer than the longest query a route
        // asks. pgjdbc counts both in seconds, MariaDB Connector/J in milliseconds.
        long socketTimeoutSeconds = limits.timeoutFor(dev.blocklab.http.Delay.MAX_MS).toSeconds() + 1;
        long connectTimeoutSeconds = Math.max(1, limits.timeoutSlack().toSeconds());
        boolean millis = database.engine() == Database.Engine.MARIADB;
        config.addDataSourceProperty("connectTimeout", millis ? connectTimeoutSeconds * 1000 : connectTimeoutSeconds);
        config.addDataSourceProperty("socketTimeout", millis ? socketTimeoutSeconds * 1000 : socketTimeoutSeconds);
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        db.close();
        mariadb.ifPresent(HikariDataSource::close);
        s3.ifPresent(S3Client::close);
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
    }
}
