package dev.blocklab.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A server variant in its own JVM, as the harness runs it, with a plain HTTP client to call it. */
public final class TestServer implements AutoCloseable {
    public static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ManagedProcess process;
    private final URI base;

    private TestServer(ManagedProcess process) {
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + process.ready().get("port").asInt());
    }

    /** Starts {@code variant} against {@code slowUrl} and {@code pgUrl}, with extra server options. */
    public static TestServer start(Variant variant, URI slowUrl, String pgUrl, String... options) {
        List<String> args = new ArrayList<>(List.of("--variant", variant.id(), "--slow-url", slowUrl.toString(),
                "--db-url", pgUrl, "--db-user", "postgres"));
        args.addAll(List.of(options));
        return start(variant, args);
    }

    /** Starts {@code variant} against the test run's downstreams, with extra server options. */
    public static TestServer start(Variant variant, TestDownstreams.Running downstreams, String... options) {
        List<String> args = new ArrayList<>(List.of("--variant", variant.id()));
        args.addAll(downstreams.serverArgs());
        args.addAll(List.of(options));
        return start(variant, args);
    }

    private static TestServer start(Variant variant, List<String> args) {
        return new TestServer(ManagedProcess.start("server-" + variant.id(), ServerMain.class, List.of(), args, Map.of(),
                ManagedProcess.file(Path.of("target", "test-logs", "server-" + variant.id() + ".log")), Duration.ofSeconds(60)));
    }

    public JsonNode ready() {
        return process.ready();
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return CLIENT.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        return CLIENT.sendAsync(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).build();
    }

    /** Stops the server and checks it is gone, with everything it started. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.process().descendants().toList();
        process.close();
        assertFalse(process.isAlive(), "server process still running after close");
        descendants.forEach(child -> assertFalse(child.isAlive(), "child " + child.pid() + " of the server still running"));
    }
}
