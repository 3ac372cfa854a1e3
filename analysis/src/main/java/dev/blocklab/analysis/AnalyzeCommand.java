package dev.blocklab.analysis;

import dev.blocklab.launch.Commands;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blocklab analyze FILE.jfr}: the analysis of one recording, as tables or as JSON. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Explains a JFR recording: how long the event loops were blocked and by which calls,"
                + " what they ran, threads, virtual-thread pinning, CPU, GC.",
                "Works on any recording; blocklab's own are made with dev.blocklab.analysis.RecordingSettings."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jfr", description = "The recording.")
    Path file;

    @Option(names = "--loop-threads", paramLabel = "REGEX",
            description = "More event-loop threads: a regular expression matching whole thread names; repeatable."
                    + " Always included: Undertow/XNIO, Netty, Vert.x and Reactor Netty event loops.")
    List<String> loopThreads = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N", description = "Rows of the stack and method tables. Default: ${DEFAULT-VALUE}.")
    int top = AnalysisOptions.DEFAULT_TOP;

    @Option(names = "--json", description = "Print the JSON document (schema in analysis/README.md) instead of tables.")
    boolean json;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Analyse from this instant on (ISO-8601, e.g. 2026-01-31T12:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Analyse up to this instant (ISO-8601).")
    Instant to;

    @Override
    public Integer call() {
        AnalysisOptions options;
        try {
            options = AnalysisOptions.defaults().withLoopThreads(loopThreads).withTop(top).withWindow(from, to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Analysis analysis = Analysis.of(file, options);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? AnalysisJson.toJson(analysis) : AnalysisText.render(analysis));
        out.flush();
        return Commands.OK;
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }
}
