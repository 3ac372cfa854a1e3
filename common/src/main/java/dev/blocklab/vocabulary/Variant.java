package dev.blocklab.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The five servers under test, each a point on two axes: where the handler runs ({@link Execution}) and
 * how the slow call is made ({@link ClientStyle}). This enum is the only place that combines the axes.
 */
public enum Variant {
    /** Blocking clients on a bounded platform-thread pool: FastAPI's plain {@code def} handler. */
    PLATFORM("platform", Execution.PLATFORM_POOL, ClientStyle.BLOCKING, "plain `def` (FastAPI's thread pool)"),
    /** Blocking clients on a new virtual thread per request. */
    VIRTUAL("virtual", Execution.VIRTUAL_THREAD, ClientStyle.BLOCKING, "none: the JVM's own cure"),
    /** Blocking clients called on the IO thread: the anti-pattern ({@code async def} calling {@code requests}). */
    LOOP_BLOCKING("loop-blocking", Execution.IO_THREAD, ClientStyle.BLOCKING, "`async def` calling `requests` (the anti-pattern)"),
    /** The IO thread hands the blocking call to a bounded executor: the {@code run_in_executor} cure. */
    LOOP_OFFLOAD("loop-offload", Execution.IO_THREAD, ClientStyle.OFFLOADED, "`run_in_executor` / `asyncio.to_thread`"),
    /** The IO thread with async clients; it is never blocked. */
    LOOP_ASYNC("loop-async", Execution.IO_THREAD, ClientStyle.ASYNC, "`httpx.AsyncClient`, `asyncpg`");

    private final String id;
    private final Execution execution;
    private final ClientStyle clients;
    private final String pythonCounterpart;

    Variant(String id, Execution execution, ClientStyle clients, String pythonCounterpart) {
        this.id = id;
        this.execution = execution;
        this.clients = clients;
        this.pythonCounterpart = pythonCounterpart;
    }

    /** The name used on the command line, in results and in the report. */
    @JsonValue
    public String id() {
        return id;
    }

    public Execution execution() {
        return execution;
    }

    public ClientStyle clients() {
        return clients;
    }

    /** What the seed's FastAPI readers write for the same thing (Markdown). */
    public String pythonCounterpart() {
        return pythonCounterpart;
    }

    @JsonCreator
    public static Variant fromId(String id) {
        for (Variant variant : values()) {
            if (variant.id.equals(id)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "'; valid variants: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
