package dev.blocklab.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The slow calls a handler makes. Blocking implementations do the work before returning a completed stage
 * (so the calling thread waits); asynchronous ones return at once. Failures complete the stage with a
 * {@link DownstreamException}.
 */
public interface Backend extends AutoCloseable {
    /** Asks the slow HTTP service to answer after {@code ms}; returns its JSON body. */
    CompletionStage<JsonNode> http(int ms);

    /** Holds a PostgreSQL connection for {@code ms} with {@code pg_sleep}, then runs the indexed lookup. */
    CompletionStage<List<Item>> db(int ms);

    /** Holds a MariaDB connection for {@code ms} with {@code SLEEP}, then runs the same indexed lookup (the seed's MySQL row). */
    CompletionStage<List<Item>> mariadb(int ms);

    /** Gets the object of the S3-compatible store that answers after {@code ms}; returns its JSON (the seed's boto3 row). */
    CompletionStage<JsonNode> s3(int ms);

    /**
     * Reads what one read alone gets through in {@code ms} from the data file ({@link DataFile}); returns the bytes read.
     * The blocking backend reads with {@code FileChannel}; the async one with {@code AsynchronousFileChannel}, which on
     * Linux is a thread pool doing the same blocking reads (there is no async file I/O in the JDK there; Python's
     * {@code aiofiles} is a thread pool too).
     */
    CompletionStage<Long> file(int ms);

    /**
     * Waits {@code ms} with no downstream: a blocking backend sleeps on the calling thread ({@code time.sleep}); an
     * asynchronous one completes the stage from a timer ({@code asyncio.sleep}).
     */
    CompletionStage<Void> sleep(int ms);

    /**
     * Burns about {@code ms} of one core ({@link CpuWork}) on the calling thread: CPU work has no async form, so the
     * blocking and the async backend do the same (on loop-async, the event loop computes); the offloading backend moves
     * it to its pool.
     */
    default CompletionStage<Void> cpu(int ms) {
        CpuWork.burn(ms);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
