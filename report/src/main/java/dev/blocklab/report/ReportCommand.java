package dev.blocklab.report;

import dev.blocklab.results.RunLayout;
import dev.blocklab.launch.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code blocklab report}: REPORT.md and its charts from a run folder, optionally compared with a baseline run. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Renders REPORT.md, its SVG charts and REPORT.html (one self-contained page) from the raw files of a run, into "
                + "the run folder unless --out or --publish says otherwise; with --baseline, shows every headline metric's change and "
                + "whether it is significant.",
                "Exit codes: 0 written, 1 unreadable run, unreadable cells (the report is written and names them) or a significant "
                + "regression over --fail-on-regression, 2 wrong arguments."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "The run folder. Default: the newest folder under --results with a manifest.json.")
    Path run;

    @Option(names = "--baseline", paramLabel = "DIR", description = "A run folder to compare with.")
    Path baseline;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The report; charts go to <name>-charts/ and the page to <name>.html beside it. Default: REPORT.md in the run folder.")
    Path out;

    @Option(names = "--publish", description = "Write the tracked REPORT.md, report-charts/ and REPORT.html in the working directory "
            + "(the repository's published report) instead of the run folder.")
    boolean publish;

    @Option(names = "--fail-on-regression", paramLabel = "PCT",
            description = "Exit 1 when a significant regression is worse than PCT percent (needs --baseline).")
    Double failOnRegression;

    @Option(names = "--fail-on-gaps", description = "Exit 1 when a cell of the run was not measured (failed, not finished, unreadable) or "
            + "was harness-limited, naming each: a gate that sees gaps.")
    boolean failOnGaps;

    @Option(names = "--results", paramLabel = "DIR", description = "Where run folders are, for the default --run. Default: ${DEFAULT-VALUE}.")
    Path results = Path.of("results");

    @Override
    public Integer call() {
        if (failOnRegression != null && !(failOnRegression >= 0 && failOnRegression <= 1000)) {
            throw new ParameterException(spec.commandLine(), "--fail-on-regression must be a percentage from 0 to 1000, got " + failOnRegression);
        }
        if (failOnRegression != null && baseline == null) {
            throw new ParameterException(spec.commandLine(), "--fail-on-regression needs --baseline");
        }
        if (publish && out != null) {
            throw new ParameterException(spec.commandLine(), "--publish writes REPORT.md here; give --out or --publish, not both");
        }
        Path runDir = run != null ? run : newestRun(results);
        Path target = publish ? Path.of(RunLayout.REPORT) : out != null ? out : runDir.resolve(RunLayout.REPORT);
        ReportRenderer.Rendered rendered = ReportRenderer.render(runDir, Optional.ofNullable(baseline), target);
        spec.commandLine().getOut().printf(Locale.ROOT, "blocklab report: %s (%d chart(s) in %s, one page in %s)%n", target,
                rendered.charts().size(), rendered.chartsDir().getFileName(), rendered.html().getFileName());
        spec.commandLine().getOut().flush();
        if (failOnGaps) {
            List<String> gaps = rendered.run().cells().stream().filter(c -> !c.status().servers())
                    .map(c -> c.name() + " (" + c.status().label() + (c.reason() == null || c.reason().isEmpty() ? "" : ": " + c.reason()) + ")").toList();
            if (!gaps.isEmpty()) {
                throw new Commands.Failure(gaps.size() + " cell(s) without a server measurement: " + String.join("; ", gaps));
            }
        }
        if (!rendered.gaps().isEmpty()) {
            throw new Commands.Failure("the report names " + rendered.gaps().size() + " unreadable file(s): " + String.join(", ", rendered.gaps()));
        }
        if (failOnRegression != null) {
            List<Comparison.Change> regressions = rendered.comparison().orElseThrow().regressionsOver(failOnRegression);
            if (!regressions.isEmpty()) {
                throw new Commands.Failure(String.format(Locale.ROOT, "%d significant regression(s) over %s%%: ", regressions.size(),
                        Fmt.plain(failOnRegression)) + regressions.stream().map(ReportCommand::describe).collect(Collectors.joining("; ")));
            }
        }
        return Commands.OK;
    }

    private static String describe(Comparison.Change c) {
        return c.cell() + " " + c.metric().replace("`", "") + " " + Fmt.num(c.baseline()) + " -> " + Fmt.num(c.current()) + " " + c.unit()
                + " (" + Fmt.change(c.relative()) + ", " + c.evidence() + ")";
    }

    /** Run ids start with their UTC start time, so the newest is the greatest name. */
    static Path newestRun(Path results) {
        if (!Files.isDirectory(results)) {
            throw new Commands.Failure("no run to report: " + results + " does not exist (give --run DIR)");
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(RunLayout.MANIFEST)))
                    .max(Comparator.comparing(d -> d.getFileName().toString()))
                    .orElseThrow(() -> new Commands.Failure("no run to report: no folder under " + results + " has a manifest.json (give --run DIR)"));
        } catch (IOException e) {
            throw new Commands.Failure("cannot list " + results + ": " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(Commands.execute(new ReportCommand(), args));
    }
}
