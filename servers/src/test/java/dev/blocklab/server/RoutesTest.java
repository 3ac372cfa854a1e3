package dev.blocklab.server;

import dev.blocklab.vocabulary.Variant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.testing.Json;
import dev.blocklab.testing.TestDownstreams;
import dev.blocklab.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every variant serves every route with the same bodies, against the real PostgreSQL, MariaDB, object store and slow service. */
@ExtendWith(TestDownstreams.class)
class RoutesTest {
    private static final String ROWS = "[{\"id\":51,\"name\":\"item-51\"},{\"id\":52,\"name\":\"item-52\"},{\"id\":53,\"name\":\"item-53\"}]";
    private static final Map<String, String> EXPECTED = Map.of(
            "/", "{\"message\":\"Hello World\"}",
            "/health", "{\"status\":\"up\"}",
            "/io/http?ms=50", "{\"route\":\"http\",\"ms\":50,\"downstream\":{\"delayedMs\":50}}",
            "/io/db?ms=50", "{\"route\":\"db\",\"ms\":50,\"rows\":" + ROWS + "}",
            "/io/mariadb?ms=50", "{\"route\":\"mariadb\",\"ms\":50,\"rows\":" + ROWS + "}",
            "/io/s3?ms=50", "{\"route\":\"s3\",\"ms\":50,\"object\":{\"id\":1,\"name\":\"item-1\"}}",
            "/io/mixed?ms=50", "{\"route\":\"mixed\",\"ms\":50,\"downstream\":{\"delayedMs\":50},\"rows\":" + ROWS + "}",
            "/io/sleep?ms=50", "{\"route\":\"sleep\",\"ms\":50}",
            "/io/sleep?ms=0", "{\"route\":\"sleep\",\"ms\":0}",
            "/io/cpu?ms=5", "{\"route\":\"cpu\",\"ms\":5}");

    private static final Map<String, Integer> ERRORS = Map.of(
            "/io/http", 400,
            "/io/db?ms=ten", 400,
            "/io/mixed?ms=-1", 400,
            "/io/sleep?ms=60001", 400,
            "/io/mariadb?ms=1.5", 400,
            "/io/file?ms=", 400,
            "/io/s3?ms=abc", 400,
            "/io/http?ms=60001", 400,
            "/nowhere", 404);

    @ParameterizedTest
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_NONE, names = "PY_.*") // the JVM server's variants
    void answersEveryRoute(Variant variant, TestDownstreams.Running downstreams) throws Exception {
        try (TestServer server = TestServer.start(variant, downstreams)) {
            assertEquals(variant.id(), server.ready().get("variant").asText());
            for (var route : EXPECTED.entrySet()) {
                HttpResponse<String> response = server.get(route.getKey());
                assertEquals(200, response.statusCode(), route.getKey() + ": " + response.body());
                assertEquals(Json.parse(route.getValue()), Json.parse(response.body()), route.getKey());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
            }
            // The file route reads what one read alone gets through in ms here: the rate the downstreams measured.
            long bytesPerMs = downstreams.ready().get("fileBytesPerMs").asLong();
            long expectedBytes = (20 * bytesPerMs + 4095) / 4096 * 4096;
            HttpResponse<String> file = server.get("/io/file?ms=20");
            assertEquals(200, file.statusCode(), file.body());
            assertEquals(Json.parse("{\"route\":\"file\",\"ms\":20,\"bytes\":" + expectedBytes + "}"), Json.parse(file.body()));
            for (var route : ERRORS.entrySet()) {
                HttpResponse<String> response = server.get(route.getKey());
                assertEquals(route.getValue(), response.statusCode(), route.getKey() + ": " + response.body());
                JsonNode error = Json.parse(response.body());
                assertEquals(route.getValue(), error.get("status").asInt());
                assertEquals(true, error.get("error").isTextual());
            }
        }
    }
}
