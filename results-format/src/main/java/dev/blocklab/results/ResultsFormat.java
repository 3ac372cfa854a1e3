package dev.blocklab.results;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one writer and the one reader of blocklab's typed result files. Every file carries {@link #VERSION} as
 * its first field; a reader refuses any other version in one line rather than guess (a run of another format is
 * converted with {@code blocklab convert}, never read by a branch here). Files are written to a temporary file
 * and renamed, so a crash leaves the old file or the new one, never half of one.
 *
 * <p>Records are mapped by their components (fields), never by other methods, so a derived accessor such as
 * {@link Cell#isBaseline()} is not written. Empty optionals are written as {@code null} and read back empty.
 * A histogram is written as HdrHistogram's compressed encoding in Base64 (a few kB), which keeps
 * {@code cell.json} self-contained.
 */
public final class ResultsFormat {
    public static final int VERSION = 2;
    public static final String VERSION_FIELD = "formatVersion";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new SimpleModule("blocklab-results")
                    .addSerializer(Histogram.class, new HistogramSerializer())
                    .addDeserializer(Histogram.class, new HistogramDeserializer()))
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ResultsFormat() {}

    /** Writes {@code value} to {@code file} with the format version first, atomically. */
    public static void write(Path file, Object value) {
        ObjectNode root = JSON.createObjectNode();
        root.put(VERSION_FIELD, VERSION);
        root.setAll((ObjectNode) JSON.valueToTree(value));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), root);
            AtomicFile.replace(temporary, file);
        } catch (IOException e) {
            throw new Commands.Failure("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Reads {@code file} as a {@code type}; any problem is one {@link Commands.Failure} line naming the file. */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, JSON.constructType(type));
    }

    /** Reads {@code file} as a generic type, e.g. a map of records. */
    public static <T> T read(Path file, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return read(file, JSON.getTypeFactory().constructType(type));
    }

    private static <T> T read(Path file, JavaType type) {
        ObjectNode root = tree(file);
        JsonNode version = root.remove(VERSION_FIELD);
        if (version == null || !version.canConvertToInt() || version.asInt() != VERSION) {
            throw new Commands.Failure(file + " has format version " + (version == null ? "(none)" : version.asText())
                    + "; this blocklab reads version " + VERSION + " (an older run converts with `blocklab convert RUN --out DIR`)");
        }
        try {
            return JSON.convertValue(root, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
            throw new Commands.Failure(file + " does not hold a " + type.getRawClass().getSimpleName() + ": "
                    + String.valueOf(message).lines().findFirst().orElse(""));
        }
    }

    /** The file as a JSON object, for the converter of older runs and for tests that damage files on purpose. */
    public static ObjectNode tree(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new Commands.Failure(file + " is empty");
            }
            if (!(node instanceof ObjectNode object)) {
                throw new Commands.Failure(file + " is not a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new Commands.Failure(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new Commands.Failure("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A record as a JSON tree (for converting and for tests). */
    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }

    /** A JSON tree as a record (for converting older files after their fields were mended). */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        return JSON.convertValue(tree, type);
    }

    private static final class HistogramSerializer extends JsonSerializer<Histogram> {
        @Override
        public void serialize(Histogram histogram, JsonGenerator out, SerializerProvider provider) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(buffer);
            out.writeString(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
        }
    }

    private static final class HistogramDeserializer extends JsonDeserializer<Histogram> {
        @Override
        public Histogram deserialize(JsonParser in, DeserializationContext context) throws IOException {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(in.getValueAsString())), 0);
            } catch (DataFormatException | IllegalArgumentException e) {
                throw context.weirdStringException(in.getValueAsString(), Histogram.class, "not an encoded HdrHistogram");
            }
        }
    }
}
