package dev.blocklab.downstream;

import dev.blocklab.backend.DataFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The file of the {@code /io/file} route, written by the downstreams in a temporary directory (removed when they stop,
 * however they stop), and the rate one read alone gets from it: the measure of how many bytes a route of D ms reads. The
 * bytes are random, so that no layer below can compress or deduplicate them away.
 */
public final class PreparedFile implements AutoCloseable {
    /** 128 MiB: larger than any disk cache a read could hit on purpose, small enough to write in a second. */
    static final long SIZE = 128L << 20;
    /** Reads of the whole file to measure the rate; the fastest counts (the first warms whatever caches the machine has below). */
    private static final int ROUNDS = 3;

    private final DataFile file;
    private final GuardedDirectory directory;

    private PreparedFile(DataFile file, GuardedDirectory directory) {
        this.file = file;
        this.directory = directory;
    }

    public static PreparedFile create() {
        GuardedDirectory directory = null;
        try {
            directory = GuardedDirectory.create("file");
            Path path = directory.resolve("data.bin");
            write(path);
            boolean direct = directReadsWork(path);
            DataFile file = new DataFile(path, SIZE, bytesPerMs(path, direct), direct);
            return new PreparedFile(file, directory);
        } catch (IOException | RuntimeException e) {
            if (directory != null) {
                directory.close();
            }
            throw new IllegalStateException("could not prepare the data file of the file scenario: " + e.getMessage(), e);
        }
    }

    public DataFile file() {
        return file;
    }

    private static void write(Path path) throws IOException {
        SplittableRandom random = new SplittableRandom();
        ByteBuffer chunk = ByteBuffer.allocateDirect(DataFile.CHUNK);
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < SIZE; written += DataFile.CHUNK) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true); // on the device, not only in the page cache
        }
    }

    /** Whether this file system takes O_DIRECT reads (tmpfs and some others refuse them). */
    private static boolean directReadsWork(Path path) {
        try (FileChannel in = FileChannel.open(path, new DataFile(path, SIZE, 1, true).openOptions())) {
            in.read(DataFile.newBuffer(), 0);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static long bytesPerMs(Path path, boolean direct) throws IOException {
        DataFile probe = new DataFile(path, SIZE, 1, direct);
        ByteBuffer buffer = DataFile.newBuffer();
        long fastestNanos = Long.MAX_VALUE;
        try (FileChannel in = FileChannel.open(path, probe.openOptions())) {
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (long position = 0; position < SIZE; position += DataFile.CHUNK) {
                    buffer.clear();
                    in.read(buffer, position);
                }
                fastestNanos = Math.min(fastestNanos, System.nanoTime() - start);
            }
        }
        return Math.max(1, SIZE * 1_000_000 / Math.max(1, fastestNanos));
    }

    @Override
    public void close() {
        directory.close();
    }
}
