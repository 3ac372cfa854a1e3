package dev.blocklab.analysis;

import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The chunk headers of a recording, read before the JDK's parser sees the file: they tell a file that is not a
 * recording from one that was cut short, and give the recorded time span. A recording is a sequence of chunks,
 * each starting with the magic bytes {@code FLR\0} and its own size; a JVM killed before it finished the dump
 * leaves the last chunk short.
 *
 * @param completeChunks the chunks the file holds entirely
 * @param completeBytes  their size, from the start of the file
 * @param truncated      true when something follows them that is not a complete chunk
 * @param startNanos     the start of the first chunk, nanoseconds since the epoch
 * @param endNanos       the end of the last complete chunk
 */
record ChunkLayout(int completeChunks, long completeBytes, boolean truncated, long startNanos, long endNanos) {
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};
    private static final int HEADER = 68;

    /** @throws Commands.Failure when nothing in the file can be read as a recording */
    static ChunkLayout of(Path file) {
        if (!Files.exists(file)) {
            throw new Commands.Failure("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new Commands.Failure(file + " is not a file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length == 0) {
                throw new Commands.Failure(file + " is empty, not a JFR recording");
            }
            int chunks = 0;
            long position = 0;
            long start = 0;
            long end = 0;
            while (position < length) {
                Optional<ByteBuffer> header = header(channel, position, length);
                if (header.isEmpty() || !hasMagic(header.get())) {
                    if (chunks == 0) {
                        throw new Commands.Failure(header.isEmpty() && startsWithMagic(channel)
                                ? truncatedMessage(file, length, HEADER)
                                : file + " is not a JFR recording (it does not start with the bytes 'FLR')");
                    }
                    return new ChunkLayout(chunks, position, true, start, end);
                }
                ByteBuffer h = header.get();
                long size = h.getLong(8);
                if (size < HEADER || position + size > length) {
                    if (chunks == 0) {
                        throw new Commands.Failure(size < HEADER
                                ? file + " is corrupt: its first chunk header gives a size of " + size + " bytes"
                                : truncatedMessage(file, length, size));
                    }
                    return new ChunkLayout(chunks, position, true, start, end);
                }
                long chunkStart = h.getLong(32);
                long chunkDuration = h.getLong(40);
                if (chunks == 0) {
                    start = chunkStart;
                }
                end = Math.max(end, chunkStart + Math.max(0, chunkDuration));
                chunks++;
                position += size;
            }
            return new ChunkLayout(chunks, position, false, start, end);
        } catch (IOException e) {
            throw new Commands.Failure("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String truncatedMessage(Path file, long length, long needed) {
        return file + " is truncated: its first chunk needs " + needed + " bytes but the file has " + length
                + "; nothing can be read (was the JVM killed before it wrote the recording?)";
    }

    private static Optional<ByteBuffer> header(FileChannel channel, long position, long length) throws IOException {
        if (length - position < HEADER) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // read until full
        }
        return buffer.hasRemaining() ? Optional.empty() : Optional.of(buffer.flip());
    }

    private static boolean hasMagic(ByteBuffer header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithMagic(FileChannel channel) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(MAGIC.length);
        channel.read(start, 0);
        return !start.hasRemaining() && hasMagic(start.flip());
    }
}
