package dev.blocklab.downstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory a downstream keeps its files in (MariaDB's data, the data file, the object store's secret),
 * removed on {@link #close} and, through an {@link OrphanGuard}, when this JVM dies without closing it.
 */
final class GuardedDirectory implements AutoCloseable {
    private final Path path;
    private final Process guard;

    private GuardedDirectory(Path path, Process guard) {
        this.path = path;
        this.guard = guard;
    }

    /** {@code blocklab-<name>-*} in the temporary directory, watched by a guard named {@code blocklab-<name>-guard}. */
    static GuardedDirectory create(String name) throws IOException {
        Path path = Files.createTempDirectory("blocklab-" + name + "-");
        try {
            return new GuardedDirectory(path, OrphanGuard.watchDirectory("blocklab-" + name + "-guard", path));
        } catch (RuntimeException e) {
            delete(path);
            throw e;
        }
    }

    Path path() {
        return path;
    }

    Path resolve(String file) {
        return path.resolve(file);
    }

    /** Writes {@code content} to a new file of the directory that only this user can read (a password, a secret key). */
    Path writePrivate(String file, String content) throws IOException {
        Path path = resolve(file);
        Files.deleteIfExists(path);
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(path, content);
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("blocklab: could not remove " + directory + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        guard.destroy();
        delete(path);
    }
}
