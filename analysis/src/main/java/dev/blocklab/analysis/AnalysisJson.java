package dev.blocklab.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocklab.analysis.Analysis.EventLoop;
import dev.blocklab.analysis.Analysis.MetricValue;
import dev.blocklab.analysis.Analysis.StackRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON form of an {@link Analysis}, schema version {@value Analysis#SCHEMA_VERSION}, documented in
 * {@code analysis/README.md}. Built field by field, so the order is fixed and the schema is in one place;
 * milliseconds are rounded to 0.001, fractions to 0.0001, bytes and counts are integers.
 */
public final class AnalysisJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnalysisJson() {}

    /** Writes {@code analysis} to {@code file} (created or replaced), e.g. {@code analysis.json} beside the recording. */
    public static void write(Analysis analysis, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(analysis), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The document, indented, ending with a newline. */
    public static String toJson(Analysis analysis) {
        try {
            return MAPPER.writeValueAsString(tree(analysis)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(Analysis a) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", a.schemaVersion());
        root.put("recording", a.recording());
        root.put("partial", a.partial());
        strings(root.putArray("warnings"), a.warnings());
        ObjectNode window = root.putObject("window");
        window.put("start", a.window().start());
        window.put("end", a.window().end());
        window.put("durationMs", ms(a.window().durationMs()));
        window.put("windowed", a.window().windowed());
        strings(root.putArray("loopThreadPatterns"), a.loopThreadPatterns());
        eventLoop(root.putObject("eventLoop"), a.eventLoop());
        ObjectNode metrics = root.putObject("metrics");
        a.metrics().forEach(m -> metric(metrics.putObject(m.id()), m));
        stacks(root.putArray("pinnedStacks"), a.pinnedStacks());
        ArrayNode missing = root.putArray("missingEvents");
        a.missingEvents().forEach(m -> missing.addObject()
                .put("event", m.event()).put("neededFor", m.neededFor()).put("enableWith", m.enableWith()));
        ObjectNode counts = root.putObject("eventCounts");
        a.eventCounts().forEach(counts::put);
        return root;
    }

    private static void eventLoop(ObjectNode node, EventLoop loop) {
        node.put("blockedMs", ms(loop.blockedMs()));
        node.put("blockedFraction", fraction(loop.blockedFraction()));
        ArrayNode threads = node.putArray("threads");
        loop.threads().forEach(t -> threads.addObject().put("name", t.name()).put("blockingEvents", t.blockingEvents())
                .put("blockedMs", ms(t.blockedMs())).put("blockedFraction", fraction(t.blockedFraction())));
        ArrayNode byEvent = node.putArray("byEvent");
        loop.byEvent().forEach(e -> byEvent.addObject().put("event", e.event()).put("count", e.count())
                .put("totalMs", ms(e.totalMs())));
        stacks(node.putArray("topStacks"), loop.topStacks());
        node.put("executionSamples", loop.executionSamples());
        ArrayNode hot = node.putArray("hotMethods");
        loop.hotMethods().forEach(m -> hot.addObject().put("method", m.method()).put("samples", m.samples())
                .put("fraction", fraction(m.fraction())));
    }

    private static void stacks(ArrayNode array, List<StackRow> rows) {
        rows.forEach(s -> array.addObject().put("event", s.event()).put("application", s.application())
                .put("call", s.call()).put("top", s.top()).put("count", s.count()).put("totalMs", ms(s.totalMs())));
    }

    private static void metric(ObjectNode node, MetricValue m) {
        node.put("label", m.label());
        node.put("unit", m.unit());
        node.put("event", m.event());
        node.put("recorded", m.recorded());
        node.put("count", m.count());
        number(node, "total", m.total(), m.unit());
        number(node, "mean", m.mean(), m.unit());
        number(node, "max", m.max(), m.unit());
        number(node, "perSecond", m.perSecond(), m.unit());
    }

    /** A statistic is written when the metric declares it and it can be computed (a mean of no events cannot). */
    private static void number(ObjectNode node, String field, Double value, String unit) {
        if (value == null) {
            return;
        }
        switch (unit) {
            case "fraction" -> node.put(field, fraction(value));
            case "ms" -> node.put(field, ms(value));
            default -> node.put(field, Math.round(value));
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static double ms(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static double fraction(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
