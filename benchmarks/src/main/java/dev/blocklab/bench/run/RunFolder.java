package dev.blocklab.bench.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A new folder per run, named from UTC time and the git commit; an existing one is never reused. */
final class RunFolder {
    private RunFolder() {}

    static Path create(Path results) throws IOException {
        Files.createDirectories(results);
        String commit = Manifest.git().commit();
        String base = utcStamp(Instant.now()) + "-" + (commit.length() >= 7 ? commit.substring(0, 7) : commit);
        for (int n = 1; ; n++) {
            Path candidate = results.resolve(n == 1 ? base : base + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // Taken: never overwrite a run; try the next name.
            }
        }
    }

    static String utcStamp(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    }
}
