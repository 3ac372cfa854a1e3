package dev.blocklab.server;

import dev.blocklab.vocabulary.Variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.testing.Json;
import dev.blocklab.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Downstreams that hang or refuse give 502 and 503 with a JSON reason, and the server keeps serving; a server told of no
 * MariaDB answers its route with 503 too.
 */
class FaultsTest {
    /** Accepts connections (the kernel does, through its backlog) and never answers. */
    private static ServerSocket blackHole;
    private static int closedPort;
    private static java.nio.file.Path s3Secret;

    @BeforeAll
    static void faultyPeers() throws IOException {
        blackHole = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        s3Secret = java.nio.file.Files.createTempFile("blocklab-test-s3", ".secret");
        java.nio.file.Files.writeString(s3Secret, "not-a-real-secret");
    }

    @AfterAll
    static void closePeers() throws IOException {
        blackHole.close();
        java.nio.file.Files.deleteIfExists(s3Secret);
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_NONE, names = "PY_.*") // the JVM server's variants
    void hangingHttpAndUnreachableDatabase(Variant variant) throws Exception {
        URI hanging = URI.create("http://127.0.0.1:" + blackHole.getLocalPort());
        // MariaDB accepts the connection (the backlog does) and never greets: the driver's connect timeout ends the wait.
        try (TestServer server = TestServer.start(variant, hanging, unreachableDatabase(), "--timeout-slack-ms=500",
                "--mariadb-url=jdbc:mariadb://127.0.0.1:" + blackHole.getLocalPort() + "/blocklab",
                "--s3-url=http://127.0.0.1:" + blackHole.getLocalPort(), "--s3-secret-file=" + s3Secret)) {
            assertError(server.get("/io/http?ms=10"), 502, "timed out");
            assertError(server.get("/io/db?ms=10"), 503, "PostgreSQL");
            assertError(server.get("/io/mariadb?ms=10"), 503, "MariaDB");
            assertError(server.get("/io/s3?ms=10"), 503, "object store");
            assertError(server.get("/io/mixed?ms=10"), 502, "slow HTTP service");
            assertEquals(200, server.get(Routes.FAST).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_NONE, names = "PY_.*") // the JVM server's variants
    void unreachableHttp(Variant variant) throws Exception {
        URI refused = URI.create("http://127.0.0.1:" + closedPort);
        try (TestServer server = TestServer.start(variant, refused, unreachableDatabase(), "--timeout-slack-ms=500",
                "--mariadb-url=jdbc:mariadb://127.0.0.1:" + closedPort + "/blocklab",
                "--s3-url=http://127.0.0.1:" + closedPort, "--s3-secret-file=" + s3Secret)) {
            assertError(server.get("/io/http?ms=10"), 502, "slow HTTP service failed");
            assertError(server.get("/io/mariadb?ms=10"), 503, "MariaDB");
            assertError(server.get("/io/s3?ms=10"), 503, "object store failed");
            assertEquals(200, server.get(Routes.FAST).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"LOOP_BLOCKING", "LOOP_ASYNC"})
    void noMariaDbObjectStoreOrFileConfigured(Variant variant) throws Exception {
        URI refused = URI.create("http://127.0.0.1:" + closedPort);
        try (TestServer server = TestServer.start(variant, refused, unreachableDatabase(), "--timeout-slack-ms=500")) {
            assertError(server.get("/io/mariadb?ms=10"), 503, "MariaDB is not configured");
            assertError(server.get("/io/s3?ms=10"), 503, "object store is not configured");
            assertError(server.get("/io/file?ms=10"), 503, "data file is not configured");
            assertEquals(200, server.get(Routes.FAST).statusCode());
        }
    }

    private static String unreachableDatabase() {
        return "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres";
    }

    private static void assertError(HttpResponse<String> response, int status, String reason) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = Json.parse(response.body());
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("error").asText().contains(reason), body.toString());
    }
}
