package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.analysis.Analysis;
import dev.blocklab.analysis.AnalysisJson;
import dev.blocklab.analysis.AnalysisOptions;
import dev.blocklab.analysis.Scrubber;
import dev.blocklab.bench.ForkOutput;
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
    static final String ANALYSIS_JSON = "analysis.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recordings() {}

    /** Analyses and scrubs every fork's recording; returns one line per recording that could not be. */
    static List<String> process(Path cellDir) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> forks;
        try (Stream<Path> dirs = Files.list(cellDir)) {
            forks = dirs.filter(d -> d.getFileName().toString().startsWith("fork-")).sorted().toList();
        }
        for (Path fork : forks) {
            Path recording = fork.resolve(ForkOutput.RECORDING);
            if (!Files.isRegularFile(recording)) {
                problems.add(cellDir.relativize(recording) + ": no recording");
                continue;
            }
            try {
                Analysis analysis = Analysis.of(recording, window(fork));
                AnalysisJson.write(analysis, fork.resolve(ANALYSIS_JSON));
            } catch (IOException | RuntimeException e) {
                problems.add(cellDir.relativize(recording) + ": not analysed: " + e.getMessage());
            }
            // Scrubbed whatever the analysis did.
            scrubOrDelete(recording).ifPresent(why -> problems.add(cellDir.relativize(recording) + ": deleted, could not be scrubbed: " + why));
        }
        return problems;
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

    private static AnalysisOptions window(Path fork) throws IOException {
        Path file = fork.resolve(ForkOutput.FORK_JSON);
        if (!Files.isRegularFile(file)) {
            return AnalysisOptions.defaults();
        }
        JsonNode window = JSON.readTree(file.toFile()).path("window");
        return AnalysisOptions.defaults().withWindow(instant(window.path("start")), instant(window.path("end")));
    }

    private static Instant instant(JsonNode value) {
        String text = value.asText("");
        return text.isEmpty() || text.equals("null") ? null : Instant.parse(text);
    }
}
