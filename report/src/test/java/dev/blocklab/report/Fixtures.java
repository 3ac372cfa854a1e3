package dev.blocklab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The test run: a real smoke run (five variants, http, 4 slow threads), without its recordings and logs. */
final class Fixtures {
    static final String RUN_ID = "20261125T085614Z-8ccaedf";

    private Fixtures() {}

    static Path source() {
        try {
            return Path.of(Fixtures.class.getResource("runs/" + RUN_ID).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh copy at {@code <dir>/results/<run-id>}, free to damage. */
    static Path copy(Path dir) {
        return copy(dir, RUN_ID);
    }

    static Path copy(Path dir, String name) {
        Path target = dir.resolve("results").resolve(name);
        Path source = source();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static Path cell(Path run, String name) {
        return run.resolve("cells").resolve(name);
    }
}
