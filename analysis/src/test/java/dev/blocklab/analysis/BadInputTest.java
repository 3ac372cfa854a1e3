package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not whole recordings: one clear line each, or what can be read, marked partial. */
class BadInputTest {
    static Path good;
    static byte[] bytes;

    @TempDir
    Path dir;

    @BeforeAll
    static void record() throws IOException {
        good = Recordings.inProcess("four-sleeps", "profile", 4);
        bytes = Files.readAllBytes(good);
    }

    @Test
    void aMissingFileIsSaidSo() {
        assertEquals("no such file: " + dir.resolve("nothing.jfr"), failure(dir.resolve("nothing.jfr")));
    }

    @Test
    void aFileThatIsNotARecordingIsSaidSo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "these are not the events you are looking for\n");
        assertEquals(text + " is not a JFR recording (it does not start with the bytes 'FLR')", failure(text));
        Path empty = Files.write(dir.resolve("empty.jfr"), new byte[0]);
        assertEquals(empty + " is empty, not a JFR recording", failure(empty));
    }

    @Test
    void aRecordingCutInItsFirstChunkIsTruncated() throws IOException {
        Path half = Files.write(dir.resolve("half.jfr"), Arrays.copyOf(bytes, bytes.length / 2));
        String message = failure(half);
        assertTrue(message.startsWith(half + " is truncated: its first chunk needs " + bytes.length + " bytes"), message);
        Path tiny = Files.write(dir.resolve("tiny.jfr"), Arrays.copyOf(bytes, 20));
        assertTrue(failure(tiny).startsWith(tiny + " is truncated"), failure(tiny));
    }

    @Test
    void aRecordingWithGarbageInItsMetadataIsCorrupt() throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.jfr"), bytes);
        long metadata = ByteBuffer.wrap(bytes).getLong(24);
        try (RandomAccessFile file = new RandomAccessFile(corrupt.toFile(), "rw")) {
            file.seek(metadata + 8);
            byte[] garbage = new byte[200];
            Arrays.fill(garbage, (byte) 0xDE);
            file.write(garbage);
        }
        String message = failure(corrupt);
        assertTrue(message.startsWith(corrupt + " is corrupt: no event can be read ("), message);
        assertEquals(1, message.lines().count());
    }

    @Test
    void aRecordingWhoseLastChunkIsCutYieldsTheRestMarkedPartial() throws IOException {
        Analysis whole = Analysis.of(good, AnalysisOptions.defaults());
        byte[] twoChunks = Arrays.copyOf(bytes, bytes.length + bytes.length / 2);
        System.arraycopy(bytes, 0, twoChunks, bytes.length, bytes.length / 2);
        Path cut = Files.write(dir.resolve("cut.jfr"), twoChunks);

        Analysis partial = Analysis.of(cut, AnalysisOptions.defaults());
        assertTrue(partial.partial());
        assertTrue(partial.warnings().getFirst().startsWith("the recording is truncated after 1 complete chunk(s)"), partial.warnings().toString());
        assertEquals(whole.eventLoop().blockedMs(), partial.eventLoop().blockedMs(), 1e-6);
        assertEquals(200, partial.eventLoop().blockedMs(), 40);
        assertTrue(AnalysisJson.toJson(partial).contains("\"partial\" : true"));
    }

    @Test
    void garbageInALaterChunkYieldsTheChunksBeforeMarkedPartial() throws IOException {
        byte[] twoChunks = Arrays.copyOf(bytes, 2 * bytes.length);
        System.arraycopy(bytes, 0, twoChunks, bytes.length, bytes.length);
        int metadata = (int) ByteBuffer.wrap(bytes).getLong(24);
        Arrays.fill(twoChunks, bytes.length + metadata + 8, bytes.length + metadata + 208, (byte) 0xDE);
        Path corrupt = Files.write(dir.resolve("corrupt-second.jfr"), twoChunks);

        Analysis partial = Analysis.of(corrupt, AnalysisOptions.defaults());
        assertTrue(partial.partial());
        assertTrue(partial.warnings().getFirst().startsWith("the recording is corrupt: reading stopped after"), partial.warnings().toString());
        assertEquals(200, partial.eventLoop().blockedMs(), 40);
    }

    @Test
    void aRecordingWithoutBlockingEventsSaysWhichAndHowToRecordThem() {
        Path cpuOnly = Recordings.inProcess("cpu-only", null, 1);
        String message = failure(cpuOnly);
        assertTrue(message.startsWith("cpu-only.jfr has none of the blocking events the analysis needs (jdk.SocketRead, "), message);
        assertTrue(message.contains("-XX:StartFlightRecording:settings=" + RecordingSettings.BASE), message);
    }

    @Test
    void aWindowOutsideTheRecordingIsSaidSo() {
        Analysis whole = Analysis.of(good, AnalysisOptions.defaults());
        java.time.Instant end = java.time.Instant.parse(whole.window().end());
        String message = assertThrows(Commands.Failure.class, () -> Analysis.of(good,
                AnalysisOptions.defaults().withWindow(end.plusSeconds(10), end.plusSeconds(20)))).getMessage();
        assertTrue(message.startsWith("the window " + end.plusSeconds(10) + " .. " + end.plusSeconds(20) + " does not overlap the recording"), message);
    }

    private static String failure(Path file) {
        return assertThrows(Commands.Failure.class, () -> Analysis.of(file, AnalysisOptions.defaults())).getMessage();
    }
}
