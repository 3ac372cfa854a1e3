package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.launch.Commands;
import dev.blocklab.results.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Condenses the analysis module's {@code analysis.json} (schema versions 1 and 2, documented in {@code analysis/README.md},
 * the analyser's public output) into the {@link Diagnosis} a cell carries. Read as JSON rather than through the
 * analysis classes, because the analyser writes it for any tool to read and this is one such tool. A metric whose
 * event was not recorded stays empty.
 */
final class AnalysisSummary {
    /** The version the analyser writes; version 1 is read too, without its {@code server.slowCalls}, counted by another rule. */
    static final int SCHEMA_VERSION = dev.blocklab.analysis.Analysis.SCHEMA_VERSION;
    private static final int COUNTED_BY_START = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnalysisSummary() {}

    static Diagnosis read(Path file, String fork) {
        JsonNode a;
        try {
            a = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new Commands.Failure(file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode version = a.path("schemaVersion");
        if (!version.canConvertToInt() || (version.asInt() != SCHEMA_VERSION && version.asInt() != COUNTED_BY_START)) {
            throw new Commands.Failure(file + " has analysis schema version " + (version.isMissingNode() ? "(none)" : version.asText())
                    + "; this blocklab reads versions " + COUNTED_BY_START + " and " + SCHEMA_VERSION);
        }
        // Version 1 counted the server's slow calls by their start, failed ones too: not the completions the report reads.
        boolean completions = version.asInt() == SCHEMA_VERSION;
        JsonNode loop = a.path("eventLoop");
        JsonNode metrics = a.path("metrics");
        List<String> loopThreads = new ArrayList<>();
        loop.path("threads").forEach(t -> loopThreads.add(t.path("name").asText()));
        JsonNode top = loop.path("topStacks").path(0);
        Diagnosis.TopFrame frame = top.isMissingNode() ? Diagnosis.TopFrame.NONE
                : new Diagnosis.TopFrame(top.path("event").asText(), top.path("application").asText(), top.path("call").asText(),
                        top.path("count").asLong(), top.path("totalMs").asDouble());
        List<String> missing = new ArrayList<>();
        a.path("missingEvents").forEach(m -> missing.add(m.path("event").asText()));
        OptionalDouble cpuUser = stat(metrics, "cpu.jvmUser", "mean");
        OptionalDouble cpuSystem = stat(metrics, "cpu.jvmSystem", "mean");
        OptionalDouble cpuJvm = cpuUser.isPresent() && cpuSystem.isPresent()
                ? OptionalDouble.of(cpuUser.getAsDouble() + cpuSystem.getAsDouble()) : OptionalDouble.empty();
        OptionalDouble blocked = loopThreads.isEmpty() ? OptionalDouble.empty() : number(loop.path("blockedFraction"));
        List<String> warnings = new ArrayList<>();
        a.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new Diagnosis(fork, a.path("window").path("durationMs").asDouble(), blocked, loop.path("blockedMs").asDouble(),
                List.copyOf(loopThreads), frame, count(metrics, "threads.peakLive", "max"), count(metrics, "threads.virtualStarted", "count"),
                count(metrics, "threads.virtualPinned", "count"), cpuJvm, stat(metrics, "cpu.machineTotal", "mean"),
                count(metrics, "gc.pauses", "count"), stat(metrics, "gc.pauses", "total"), stat(metrics, "memory.allocated", "perSecond"),
                completions ? stat(metrics, "server.slowCalls", "perSecond") : OptionalDouble.empty(), connectionWait(metrics), List.copyOf(missing), List.copyOf(warnings));
    }

    /** The waits for a connection, where some were recorded (a cell without database calls has none to say). */
    private static Optional<Diagnosis.ConnectionWait> connectionWait(JsonNode metrics) {
        OptionalLong count = count(metrics, "db.connectionWait", "count");
        OptionalDouble mean = stat(metrics, "db.connectionWait", "mean");
        OptionalDouble max = stat(metrics, "db.connectionWait", "max");
        if (count.orElse(0) == 0 || mean.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Diagnosis.ConnectionWait(count.getAsLong(), mean.getAsDouble(), max.getAsDouble()));
    }

    private static OptionalDouble stat(JsonNode metrics, String id, String field) {
        JsonNode metric = metrics.path(id);
        if (!metric.path("recorded").asBoolean(false)) {
            return OptionalDouble.empty();
        }
        return number(metric.path(field));
    }

    private static OptionalLong count(JsonNode metrics, String id, String field) {
        OptionalDouble value = stat(metrics, id, field);
        return value.isPresent() ? OptionalLong.of(Math.round(value.getAsDouble())) : OptionalLong.empty();
    }

    private static OptionalDouble number(JsonNode n) {
        return n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
    }
}
