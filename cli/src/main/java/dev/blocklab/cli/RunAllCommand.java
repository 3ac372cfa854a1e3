package dev.blocklab.cli;

import dev.blocklab.bench.run.RunOptions;
import dev.blocklab.bench.run.RunSession;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.Quiet;
import dev.blocklab.report.ReportRenderer;
import dev.blocklab.results.RunLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code blocklab run-all} ({@code scripts/run-all.sh}): plans a run from its options, measures it
 * ({@link RunSession}), then renders its report. A report that cannot be rendered loses no measurement.
 */
@Command(name = "run-all", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures every variant under slow load with GET / probed alongside, and writes results/<run-id>/ with its "
                + "REPORT.md, REPORT.html and charts (tracked files change only with --report).",
                "Profiles: smoke (one cell per variant, ~2 min), quick (http at 16 and 1,024 in flight, db at 16, plus baselines, ~8 min),",
                "full (http at 1 to 4,096 in flight and 8,192 for virtual and loop-async, db at 16, 1,024 and 4,096, mariadb, s3, file, sleep",
                "and cpu at 16, two forks where the sweep compares cures, with the calibration, about an hour)."})
public final class RunAllCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the run's report here, e.g. REPORT.md to publish it. Default: only in the run folder.")
    Path report;

    public static void main(String[] args) {
        Quiet.libraryLogs();
        System.exit(Commands.execute(new RunAllCommand(), args));
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        RunSession.Outcome outcome = new RunSession(options.plan(), options.results(), out).run();
        if (outcome.interrupted()) {
            return Commands.FAILED;
        }
        boolean reported = render(outcome.runDir(), out);
        long failed = outcome.failedCells();
        out.println("\nResults: " + outcome.runDir() + (failed == 0 ? "" : "  (" + failed + " cell(s) failed or had errors; see their cell.json)"));
        return failed == 0 && reported ? Commands.OK : Commands.FAILED;
    }

    /** REPORT.md of this run in the run folder, and at {@link #report} when asked: tracked files change only to publish. */
    private boolean render(Path runDir, PrintStream out) {
        try {
            ReportRenderer.render(runDir, Optional.empty(), runDir.resolve(RunLayout.REPORT));
            if (report != null) {
                ReportRenderer.render(runDir, Optional.empty(), report);
            }
            out.println("Report: " + runDir.resolve(RunLayout.REPORT) + (report == null ? "" : " (and " + report + ")"));
            return true;
        } catch (RuntimeException | LinkageError e) {
            System.err.println("blocklab: the report could not be rendered: " + (e instanceof Commands.Failure ? e.getMessage() : e));
            return false;
        }
    }
}
