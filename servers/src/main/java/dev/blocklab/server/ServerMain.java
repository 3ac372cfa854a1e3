package dev.blocklab.server;

import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Variant;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.backend.DataFile;
import dev.blocklab.backend.Database;
import dev.blocklab.backend.ObjectStoreAddress;
import dev.blocklab.backend.Downstreams;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ParentWatch;
import dev.blocklab.launch.Quiet;
import dev.blocklab.launch.ReadyLine;
import java.net.BindException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The server-under-test program: one variant, in the foreground, until it is stopped. */
@Command(name = "blocklab-server", mixinStandardHelpOptions = true,
        description = "Runs one variant of the server under test on 127.0.0.1 and prints a ready line.")
public final class ServerMain implements Callable<Integer> {
    @Option(names = "--variant", required = true, paramLabel = "VARIANT", converter = VariantConverter.class,
            description = "One of: ${COMPLETION-CANDIDATES}.", completionCandidates = VariantConverter.class)
    Variant variant;

    @Option(names = "--port", paramLabel = "PORT", description = "Port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port = 0;

    @Option(names = "--slow-url", required = true, paramLabel = "URL", description = "Base URL of the slow HTTP service.")
    URI slowUrl;

    @Option(names = "--db-url", required = true, paramLabel = "JDBC_URL", defaultValue = "${env:" + Database.URL_ENV + "}",
            description = "PostgreSQL, as jdbc:postgresql://HOST:PORT/DB. Default: $" + Database.URL_ENV + ".")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:" + Database.USER_ENV + ":-postgres}",
            description = "PostgreSQL user. Default: $" + Database.USER_ENV + ", else postgres. The password is read from $"
                    + Database.PASSWORD_ENV + " or --db-password-file, never from the command line.")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "A file holding the PostgreSQL password (the embedded server's generated one). Without it, the password is $"
                    + Database.PASSWORD_ENV + ".")
    java.nio.file.Path dbPasswordFile;

    @Option(names = "--mariadb-url", paramLabel = "JDBC_URL", defaultValue = "${env:" + Database.MARIADB_URL_ENV + "}",
            description = "MariaDB, as jdbc:mariadb://HOST:PORT/DB, for /io/mariadb (without it, that route answers 503)."
                    + " Default: $" + Database.MARIADB_URL_ENV + ".")
    String mariadbUrl;

    @Option(names = "--mariadb-user", paramLabel = "USER", defaultValue = "${env:" + Database.MARIADB_USER_ENV + ":-blocklab}",
            description = "MariaDB user. Default: $" + Database.MARIADB_USER_ENV + ", else blocklab. The password is read from"
                    + " $" + Database.MARIADB_PASSWORD_ENV + " or --mariadb-password-file.")
    String mariadbUser;

    @Option(names = "--mariadb-password-file", paramLabel = "FILE",
            description = "A file holding the MariaDB password (the embedded server's generated one).")
    java.nio.file.Path mariadbPasswordFile;

    @Option(names = "--s3-url", paramLabel = "URL",
            description = "An S3-compatible object store's endpoint, for /io/s3 (without it, that route answers 503).")
    URI s3Url;

    @Option(names = "--s3-access-key", paramLabel = "KEY", description = "Its access key id. Default: ${DEFAULT-VALUE}.")
    String s3AccessKey = ObjectStoreAddress.ACCESS_KEY;

    @Option(names = "--s3-secret-file", paramLabel = "FILE", description = "A file holding its secret key (never on the command line).")
    java.nio.file.Path s3SecretFile;

    @Option(names = "--file", paramLabel = "PATH",
            description = "The file /io/file reads (the downstreams write it; without it, that route answers 503).")
    java.nio.file.Path file;

    @Option(names = "--file-bytes-per-ms", paramLabel = "N",
            description = "How many bytes of --file one read alone gets through per ms here (the downstreams measure it): a route of"
                    + " ms reads ms times this. Default: ${DEFAULT-VALUE}.")
    long fileBytesPerMs = 1_000_000;

    @Option(names = "--file-direct", paramLabel = "BOOLEAN", arity = "1",
            description = "Read --file with O_DIRECT, past the page cache, as a cold cache would. Default: ${DEFAULT-VALUE}.")
    boolean fileDirect = true;

    @Mixin
    ServerOptions options;

    /**
     * The options that point a server at the downstreams, read from the downstreams' ready line
     * ({@code slowUrl}, {@code pgUrl}, {@code pgUser}, and MariaDB's when it has one); every launcher of a server uses this.
     */
    public static List<String> downstreamArgs(JsonNode downstreamsReady) {
        List<String> args = new java.util.ArrayList<>(List.of("--slow-url", downstreamsReady.get("slowUrl").asText(), "--db-url",
                downstreamsReady.get("pgUrl").asText(), "--db-user", downstreamsReady.get("pgUser").asText()));
        if (downstreamsReady.hasNonNull("pgPasswordFile")) {
            args.addAll(List.of("--db-password-file", downstreamsReady.get("pgPasswordFile").asText()));
        }
        if (downstreamsReady.hasNonNull("mariadbUrl")) {
            args.addAll(List.of("--mariadb-url", downstreamsReady.get("mariadbUrl").asText(), "--mariadb-user",
                    downstreamsReady.get("mariadbUser").asText()));
        }
        if (downstreamsReady.hasNonNull("mariadbPasswordFile")) {
            args.addAll(List.of("--mariadb-password-file", downstreamsReady.get("mariadbPasswordFile").asText()));
        }
        if (downstreamsReady.hasNonNull("s3Url")) {
            args.addAll(List.of("--s3-url", downstreamsReady.get("s3Url").asText(), "--s3-access-key",
                    downstreamsReady.get("s3AccessKey").asText(), "--s3-secret-file", downstreamsReady.get("s3SecretFile").asText()));
        }
        if (downstreamsReady.hasNonNull("filePath")) {
            args.addAll(List.of("--file", downstreamsReady.get("filePath").asText(), "--file-bytes-per-ms",
                    downstreamsReady.get("fileBytesPerMs").asText(), "--file-direct", downstreamsReady.get("fileDirect").asText()));
        }
        return List.copyOf(args);
    }

    private java.util.Optional<ObjectStoreAddress> objectStore() {
        if (s3Url == null) {
            return java.util.Optional.empty();
        }
        if (s3SecretFile == null) {
            throw new Commands.Failure("--s3-url needs --s3-secret-file (the secret key is never given on the command line)");
        }
        return java.util.Optional.of(new ObjectStoreAddress(s3Url, s3AccessKey, readPassword(s3SecretFile)));
    }

    private java.util.Optional<DataFile> dataFile() {
        if (file == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new DataFile(file, java.nio.file.Files.size(file), fileBytesPerMs, fileDirect));
        } catch (java.io.IOException e) {
            throw new Commands.Failure("cannot read --file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Commands.Failure(e.getMessage());
        }
    }

    private static Database database(String url, String user, java.nio.file.Path passwordFile) {
        return passwordFile == null ? Database.of(url, user) : new Database(url, user, readPassword(passwordFile));
    }

    private static String readPassword(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new Commands.Failure("cannot read the secret from " + file + ": " + e.getMessage());
        }
    }

    /** Where a server answers, from its ready line: {@code http://127.0.0.1:PORT}, every launcher's base for the routes. */
    public static URI baseUri(JsonNode serverReady) {
        return URI.create("http://" + BlocklabServer.HOST + ":" + serverReady.get("port").asInt());
    }

    /** How long the server may take to stop on SIGTERM before the process ends without waiting for it. */
    static final java.time.Duration CLOSE_GRACE = java.time.Duration.ofSeconds(2);

    public static void main(String[] args) {
        Quiet.libraryLogs();
        System.exit(Commands.execute(new ServerMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (variant.edition() != Edition.JVM) {
            throw new picocli.CommandLine.ParameterException(options.spec.commandLine(), "--variant " + variant.id()
                    + " is a variant of the " + variant.edition().id() + " edition, not of this server (editions/fastapi serves it)");
        }
        options.validate();
        options.validatePort(port);
        options.validateDatabaseUrl(dbUrl, "--db-url", Database.Engine.POSTGRESQL);
        options.validateDatabaseUrl(mariadbUrl, "--mariadb-url", Database.Engine.MARIADB);
        ParentWatch.exitWithParent();
        Downstreams downstreams = new Downstreams(slowUrl, database(dbUrl, dbUser, dbPasswordFile),
                mariadbUrl == null || mariadbUrl.isBlank() ? java.util.Optional.empty()
                        : java.util.Optional.of(database(mariadbUrl, mariadbUser, mariadbPasswordFile)),
                dataFile(), objectStore());
        BlocklabServer server = startOrExplain(downstreams);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Bounded: a server whose loop is blocked with a thousand requests queued behind it never finishes stopping, and
            // the launcher would wait out its grace period (20 s a cell) before killing it. The process is ending anyway:
            // its sockets close with it, and JFR's own hook writes the recording meanwhile.
            Thread closing = Thread.ofPlatform().daemon().name("close-server").start(server::close);
            try {
                closing.join(CLOSE_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "stop-server"));
        ReadyLine.print(readyFields(server.port()));
        stopped.await();
        return Commands.OK;
    }

    private BlocklabServer startOrExplain(Downstreams downstreams) {
        try {
            return BlocklabServer.start(variant, port, options, downstreams);
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new Commands.Failure("port " + port + " on " + BlocklabServer.HOST + " is already in use; choose another with --port");
            }
            throw e;
        }
    }

    private Map<String, Object> readyFields(int boundPort) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", "server");
        fields.put("port", boundPort);
        fields.put("variant", variant.id());
        fields.put("execution", variant.execution().name());
        fields.put("clients", variant.clients().name());
        fields.put("pools", options.pools(variant));
        fields.put("pid", ProcessHandle.current().pid());
        return fields;
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
