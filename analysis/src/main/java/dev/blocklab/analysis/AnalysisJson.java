package dev.blocklab.analysis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.blocklab.analysis.Analysis.EventLoop;
import dev.blocklab.analysis.Analysis.MetricValue;
import dev.blocklab.analysis.Analysis.StackRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link Analysis}, schema version {@value Analysis#SCHEMA_VERSION}, documented in
 * {@code analysis/README.md}. Written field by field with Jackson's streaming generator, so the order is fixed and
 * the schema is in one place, and a one-off {@code analyze --json} does not pay for loading Jackson's object
 * mapper (about a third of its start-up); milliseconds are rounded to 0.001, fractions to 0.0001, bytes and counts
 * are integers.
 */
public final class AnalysisJson {
    private static final JsonFactory FACTORY = new JsonFactory();

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
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            document(json, analysis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void document(JsonGenerator json, Analysis a) throws IOException {
        json.writeStartObject();
        json.writeNumberField("schemaVersion", a.schemaVersion());
        json.writeStringField("recording", a.recording());
        json.writeBooleanField("partial", a.partial());
        strings(json, "warnings", a.warnings());
        json.writeObjectFieldStart("window");
        json.writeStringField("start", a.window().start());
        json.writeStringField("end", a.window().end());
        json.writeNumberField("durationMs", ms(a.window().durationMs()));
        json.writeBooleanField("windowed", a.window().windowed());
        json.writeEndObject();
        strings(json, "loopThreadPatterns", a.loopThreadPatterns());
        eventLoop(json, a.eventLoop());
        json.writeObjectFieldStart("metrics");
        for (MetricValue m : a.metrics()) {
            metric(json, m);
        }
        json.writeEndObject();
        stacks(json, "pinnedStacks", a.pinnedStacks());
        json.writeArrayFieldStart("missingEvents");
        for (Analysis.MissingEvent m : a.missingEvents()) {
            json.writeStartObject();
            json.writeStringField("event", m.event());
            json.writeStringField("neededFor", m.neededFor());
            json.writeStringField("enableWith", m.enableWith());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("eventCounts");
        for (Map.Entry<String, Long> count : a.eventCounts().entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void eventLoop(JsonGenerator json, EventLoop loop) throws IOException {
        json.writeObjectFieldStart("eventLoop");
        json.writeNumberField("blockedMs", ms(loop.blockedMs()));
        json.writeNumberField("blockedFraction", fraction(loop.blockedFraction()));
        json.writeArrayFieldStart("threads");
        for (Analysis.LoopThread t : loop.threads()) {
            json.writeStartObject();
            json.writeStringField("name", t.name());
            json.writeNumberField("blockingEvents", t.blockingEvents());
            json.writeNumberField("blockedMs", ms(t.blockedMs()));
            json.writeNumberField("blockedFraction", fraction(t.blockedFraction()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("byEvent");
        for (Analysis.EventRow e : loop.byEvent()) {
            json.writeStartObject();
            json.writeStringField("event", e.event());
            json.writeNumberField("count", e.count());
            json.writeNumberField("totalMs", ms(e.totalMs()));
            json.writeEndObject();
        }
        json.writeEndArray();
        stacks(json, "topStacks", loop.topStacks());
        json.writeNumberField("executionSamples", loop.executionSamples());
        json.writeArrayFieldStart("hotMethods");
        for (Analysis.MethodRow m : loop.hotMethods()) {
            json.writeStartObject();
            json.writeStringField("method", m.method());
            json.writeNumberField("samples", m.samples());
            json.writeNumberField("fraction", fraction(m.fraction()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void stacks(JsonGenerator json, String field, List<StackRow> rows) throws IOException {
        json.writeArrayFieldStart(field);
        for (StackRow s : rows) {
            json.writeStartObject();
            json.writeStringField("event", s.event());
            json.writeStringField("application", s.application());
            json.writeStringField("call", s.call());
            json.writeStringField("top", s.top());
            json.writeNumberField("count", s.count());
            json.writeNumberField("totalMs", ms(s.totalMs()));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void metric(JsonGenerator json, MetricValue m) throws IOException {
        json.writeObjectFieldStart(m.id());
        json.writeStringField("label", m.label());
        json.writeStringField("unit", m.unit());
        json.writeStringField("event", m.event());
        json.writeBooleanField("recorded", m.recorded());
        json.writeNumberField("count", m.count());
        number(json, "total", m.total(), m.unit());
        number(json, "mean", m.mean(), m.unit());
        number(json, "max", m.max(), m.unit());
        number(json, "perSecond", m.perSecond(), m.unit());
        json.writeEndObject();
    }

    /** A statistic is written when the metric declares it and it can be computed (a mean of no events cannot). */
    private static void number(JsonGenerator json, String field, Double value, String unit) throws IOException {
        if (value == null) {
            return;
        }
        switch (unit) {
            case "fraction" -> json.writeNumberField(field, fraction(value));
            case "ms" -> json.writeNumberField(field, ms(value));
            default -> json.writeNumberField(field, Math.round(value));
        }
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static double ms(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static double fraction(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
