package dev.blocklab.bench.run;

import dev.blocklab.analysis.Analysis;
import dev.blocklab.analysis.AnalysisJson;
import dev.blocklab.analysis.AnalysisOptions;
import dev.blocklab.analysis.Scrubber;
import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * After a cell: each fork's recording is analysed over its measurement window ({@code analysis.json}
 * beside it), then scrubbed of the events that can carry secrets so that it can be published.
 */
final class Recordings {

    private Recordings() {}

    /** Analyses and scrubs every fork's recording; returns one line per recording that could not be. */
    static List<String> process(Path cellDir) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> forks;
        try (Stream<Path> dirs = Files.list(cellDir)) {
            forks = dirs.filter(d -> RunLayout.forkNumber(d).isPresent()).sorted().toList();
        }
        for (Path fork : forks) {
            Path recording = fork.resolve(RunLayout.RECORDING);
            if (!Files.isRegularFile(recording)) {
                problems.add(cellDir.relativize(recording) + ": no recording");
                continue;
            }
            try {
                Analysis analysis = Analysis.of(recording, window(fork));
                AnalysisJson.write(analysis, fork.resolve(RunLayout.ANALYSIS));
            } catch (RuntimeException e) {
                problems.add(cellDir.relativize(recording) + ": not analysed: " + e.getMessage());
            }
            // Scrubbed whatever the analysis did.
            scrubOrDelete(recording).ifPresent(why -> problems.add(cellDir.relativize(recording) + ": deleted, could not be scrubbed: " + why));
        }
        return problems;
    }

    /**
     * Scrubs every fork's recording, analysed or not (a failed or interrupted cell's): none is kept with the events that
     * carry secrets. Never throws: a recording that cannot be scrubbed is deleted.
     */
    static void scrubEvery(Path cellDir) {
        if (!Files.isDirectory(cellDir)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(cellDir)) {
            for (Path fork : dirs.filter(d -> RunLayout.forkNumber(d).isPresent()).sorted().toList()) {
                Path recording = fork.resolve(RunLayout.RECORDING);
                if (Files.isRegularFile(recording)) {
                    scrubOrDelete(recording);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("blocklab: could not scrub the recordings of " + cellDir.getFileName() + ": " + e.getMessage());
        }
    }

    /**
     * Scrubs {@code recording} of the events that can carry secrets; one that cannot be scrubbed is deleted, not
     * kept for publication. Returns why it could not be, if so.
     */
    static Optional<String> scrubOrDelete(Path recording) throws IOException {
        try {
            Scrubber.scrubInPlace(recording);
            return Optional.empty();
        } catch (RuntimeException e) {
            Files.deleteIfExists(recording);
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static AnalysisOptions window(Path fork) {
        Path file = fork.resolve(RunLayout.FORK);
        if (!Files.isRegularFile(file)) {
            return AnalysisOptions.defaults();
        }
        Window window = ResultsFormat.read(file, ForkRecord.class).window();
        return AnalysisOptions.defaults().withWindow(instant(window.start()), instant(window.end()));
    }

    private static Instant instant(String text) {
        return text == null || text.isEmpty() || text.equals("null") ? null : Instant.parse(text);
    }
}
