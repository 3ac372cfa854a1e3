package dev.blocklab.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one machine-readable line a child program prints on stdout when it is ready:
 * {@code BLOCKLAB-READY {"port":...}}. A harness can start it on port 0 and read where it is.
 */
public final class ReadyLine {
    public static final String PREFIX = "BLOCKLAB-READY ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadyLine() {}

    public static void print(Object fields) {
        try {
            System.out.println(PREFIX + JSON.writeValueAsString(fields));
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Optional<JsonNode> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(line.substring(PREFIX.length())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
