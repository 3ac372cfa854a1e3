package dev.blocklab.vocabulary;

/**
 * Where a request's handler runs: the first axis of a {@link Variant}. The servers module wires each one
 * ({@code HandlerPlacement}); here it is only a name every module can read.
 */
public enum Execution {
    /** On the IO thread that read the request: an event loop. */
    IO_THREAD,
    /** On a bounded pool of platform threads. */
    PLATFORM_POOL,
    /** On a new virtual thread per request. */
    VIRTUAL_THREAD
}
