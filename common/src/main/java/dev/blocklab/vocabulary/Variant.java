package dev.blocklab.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The servers under test, each a point on two axes: where the handler runs ({@link Execution}) and how the slow call
 * is made ({@link ClientStyle}), in one of two programs ({@link Edition}): five on the JVM, and the seed's four in
 * FastAPI, on the same axes. This enum is the only place that combines them.
 */
public enum Variant {
    /** Blocking clients on a bounded platform-thread pool: FastAPI's plain {@code def} handler. */
    PLATFORM("platform", Edition.JVM, Execution.PLATFORM_POOL, ClientStyle.BLOCKING, "plain `def` (FastAPI's thread pool)"),
    /** Blocking clients on a new virtual thread per request. */
    VIRTUAL("virtual", Edition.JVM, Execution.VIRTUAL_THREAD, ClientStyle.BLOCKING, "none: the JVM's own cure"),
    /** Blocking clients called on the IO thread: the anti-pattern ({@code async def} calling {@code requests}). */
    LOOP_BLOCKING("loop-blocking", Edition.JVM, Execution.IO_THREAD, ClientStyle.BLOCKING, "`async def` calling `requests` (the anti-pattern)"),
    /** The IO thread hands the blocking call to a bounded executor: the {@code run_in_executor} cure. */
    LOOP_OFFLOAD("loop-offload", Edition.JVM, Execution.IO_THREAD, ClientStyle.OFFLOADED, "`run_in_executor` / `asyncio.to_thread`"),
    /** The IO thread with async clients; it is never blocked. */
    LOOP_ASYNC("loop-async", Edition.JVM, Execution.IO_THREAD, ClientStyle.ASYNC, "`httpx.AsyncClient`, `asyncpg`"),
    /** The seed's experiment itself: {@code async def} calling {@code requests} / psycopg on uvicorn's event loop. */
    PY_ASYNC_BLOCKING("py-async-blocking", Edition.FASTAPI, Execution.IO_THREAD, ClientStyle.BLOCKING, "itself: the anti-pattern"),
    /** {@code async def} handing the blocking call to the loop's default executor. */
    PY_ASYNC_OFFLOAD("py-async-offload", Edition.FASTAPI, Execution.IO_THREAD, ClientStyle.OFFLOADED, "itself: `run_in_executor`"),
    /** {@code async def} with httpx.AsyncClient and asyncpg. */
    PY_ASYNC_NATIVE("py-async-native", Edition.FASTAPI, Execution.IO_THREAD, ClientStyle.ASYNC, "itself: `httpx.AsyncClient`, `asyncpg`"),
    /** A plain {@code def}, on FastAPI's thread pool (anyio's limiter). */
    PY_SYNC_DEF("py-sync-def", Edition.FASTAPI, Execution.PLATFORM_POOL, ClientStyle.BLOCKING, "itself: plain `def`");

    private final String id;
    private final Edition edition;
    private final Execution execution;
    private final ClientStyle clients;
    private final String pythonCounterpart;

    Variant(String id, Edition edition, Execution execution, ClientStyle clients, String pythonCounterpart) {
        this.id = id;
        this.edition = edition;
        this.execution = execution;
        this.clients = clients;
        this.pythonCounterpart = pythonCounterpart;
    }

    /** The name used on the command line, in results and in the report. */
    @JsonValue
    public String id() {
        return id;
    }

    public Edition edition() {
        return edition;
    }

    public Execution execution() {
        return execution;
    }

    public ClientStyle clients() {
        return clients;
    }

    /**
     * Whether a slow request waits without holding anything of a fixed size (a pool's thread, the event loop): a virtual
     * thread per request, or an async client on the loop. The others are bound by their pool from its size on.
     */
    public boolean scalesWithInFlight() {
        return execution == Execution.VIRTUAL_THREAD || clients == ClientStyle.ASYNC;
    }

    /** The variant of {@code edition} on the same two axes (FastAPI's plain {@code def} and the JVM's platform pool), if any. */
    public java.util.Optional<Variant> counterpartIn(Edition other) {
        return Arrays.stream(values()).filter(v -> v.edition == other && v.execution == execution && v.clients == clients).findFirst();
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

    /** The variants of one edition, in declaration order. */
    public static java.util.List<Variant> of(Edition edition) {
        return Arrays.stream(values()).filter(v -> v.edition == edition).toList();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
