package dev.blocklab.backend;

import com.sun.nio.file.ExtendedOpenOption;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The file the {@code /io/file} route reads: a route of {@code ms} reads as many bytes as one read alone gets through in
 * that time on this machine ({@code bytesPerMs}, measured by the downstreams when they wrote the file), from an offset
 * that depends on {@code ms} only, wrapping at the end. With {@code direct}, reads bypass the page cache (O_DIRECT) so
 * that they wait for the device, as a cold cache would: a machine that lets no one drop its page cache still gets cold
 * reads; the buffers, offsets and lengths are then multiples of the block size, as O_DIRECT requires.
 *
 * @param size the file's length, a multiple of {@link #BLOCK}
 */
public record DataFile(Path path, long size, long bytesPerMs, boolean direct) {
    /** The alignment O_DIRECT asks for on Linux's common file systems. */
    public static final int BLOCK = 4096;
    /**
     * Bytes per read call: large enough that each read of a blocked loop lasts over JFR's 1 ms threshold and is recorded,
     * small enough that a thousand reads in flight fit in the server's memory.
     */
    public static final int CHUNK = 2 << 20;

    public DataFile {
        if (size < CHUNK || size % BLOCK != 0) {
            throw new IllegalArgumentException("the data file must hold a multiple of " + BLOCK + " bytes, at least " + CHUNK + ": " + path);
        }
        if (bytesPerMs < 1) {
            throw new IllegalArgumentException("the data file's read rate must be at least 1 byte per ms, got " + bytesPerMs);
        }
    }

    /** The bytes a route of {@code ms} reads: {@code ms} of one read's rate, in whole blocks. */
    public long bytesFor(int ms) {
        return alignUp(ms * bytesPerMs);
    }

    /** Where a route's read starts: each route call further into the file than the last, wrapping at its end. */
    public long startOffset(int ms) {
        return Math.floorMod(READS.getAndIncrement() * bytesFor(ms) + ms * 7919L * BLOCK, size);
    }

    public Set<OpenOption> openOptions() {
        return direct ? Set.of(StandardOpenOption.READ, ExtendedOpenOption.DIRECT) : Set.of(StandardOpenOption.READ);
    }

    /**
     * Buffers aligned for O_DIRECT, reused: one per read in flight, allocated when more are in flight than ever before.
     * A direct buffer per request would be freed only by GC, and the JDK answers a full direct-memory budget with
     * {@code System.gc()} and a wait, on whichever thread allocates: an event loop, in the loop variants.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> BUFFERS = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Successive routes of one delay read successive stretches of the file, so that no cache below serves a repeat. */
    private static final java.util.concurrent.atomic.AtomicLong READS = new java.util.concurrent.atomic.AtomicLong();

    public static ByteBuffer borrowBuffer() {
        ByteBuffer buffer = BUFFERS.poll();
        return buffer != null ? buffer : newBuffer();
    }

    public static void returnBuffer(ByteBuffer buffer) {
        BUFFERS.offer(buffer);
    }

    /** A buffer for one read call, aligned for O_DIRECT. */
    public static ByteBuffer newBuffer() {
        return ByteBuffer.allocateDirect(CHUNK + BLOCK).alignedSlice(BLOCK).limit(CHUNK);
    }

    /**
     * The next read of a route: {@code remaining} bytes left, the file's position; never past the end (reads wrap) and
     * never more than a buffer.
     */
    public int nextLength(long remaining, long position) {
        return (int) Math.min(CHUNK, Math.min(remaining, size - position));
    }

    /** The position after {@code read} bytes; a read that is not whole blocks would break O_DIRECT's alignment from there on. */
    public long advance(long position, long read) throws java.io.IOException {
        if (direct && read % BLOCK != 0) {
            throw new java.io.IOException("a direct read returned " + read + " bytes, not whole blocks of " + BLOCK);
        }
        return (position + read) % size;
    }

    private static long alignUp(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }
}
