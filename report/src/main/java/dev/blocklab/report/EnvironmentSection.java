package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.RunManifest;
import dev.blocklab.results.Run;
import dev.blocklab.results.RunLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The manifest as a compact table, the commands that reproduce the run, and links to its raw files. */
final class EnvironmentSection implements Section {
    /** Where CI and the maintainers keep every published run whole (see .github/workflows/benchmarks.yml). */
    static final String EVIDENCE_BRANCH = "benchmark-results";

    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        RunManifest m = run.manifest();
        out.append("## Environment and reproduction\n\n");
        MarkdownTable table = new MarkdownTable("", "");
        table.row("run", "`" + m.runId() + "`, " + m.status() + ", " + m.startedAt() + " → " + m.endedAt().orElse("(no end)"));
        table.row("commit", "`" + m.git().commit() + "`" + (m.git().dirty() ? " (uncommitted changes)" : ""));
        table.row("profile", "`" + m.parameters().profile() + "`: variants " + String.join(", ", m.parameters().variants()) + "; scenarios " + String.join(", ", m.parameters().scenarios())
                + "; slow requests in flight " + m.parameters().concurrency().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; delay " + m.parameters().delayMs()
                + " ms; probe " + m.parameters().probeRate() + " req/s; baseline cells " + (m.parameters().baseline() ? "yes" : "no"));
        table.row("JMH", MethodologySection.forks(m.parameters()) + ", warm-up " + m.parameters().warmup() + ", measurement " + m.parameters().measurement());
        table.row("JDK", m.jdk().describe());
        for (Map.Entry<String, List<String>> jvm : m.jvmOptions().entrySet()) {
            table.row("JVM options, " + jvm.getKey(), jvm.getValue().isEmpty() ? "(none)" : "`" + String.join(" ", jvm.getValue()) + "`");
        }
        table.row("server options", "`" + String.join(" ", m.parameters().serverOptions()) + "`");
        table.row("OS", m.os().describe());
        table.row("CPU", m.cpu().model() + ", " + m.cpu().cores() + " cores");
        table.row("memory", Fmt.bytes(m.memoryBytes()));
        table.row("PostgreSQL", m.postgres().orElse(Fmt.NONE));
        table.row("versions", m.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        table.appendTo(out);

        out.append("To reproduce (same commit, a JDK 21+; the numbers depend on the machine):\n\n```sh\n");
        out.append("git checkout ").append(m.git().commit()).append('\n');
        out.append(String.format(Locale.ROOT, "./scripts/run-all.sh --profile %s --variants %s --scenarios %s --concurrency %s --delay-ms %d --probe-rate %d%s%n",
                m.parameters().profile(), String.join(",", m.parameters().variants()), String.join(",", m.parameters().scenarios()),
                m.parameters().concurrency().stream().map(String::valueOf).collect(Collectors.joining(",")), m.parameters().delayMs(), m.parameters().probeRate(),
                m.parameters().serverOptions().isEmpty() ? "" : " " + String.join(" ", m.parameters().serverOptions())));
        out.append("./scripts/blocklab report --run results/<new-run-id>");
        context.comparison().ifPresent(c -> out.append(" --baseline results/").append(c.baselineRunId()));
        out.append("\n```\n\n");

        List<String> runFiles = Stream.of(RunLayout.MANIFEST, RunLayout.VERIFICATION, RunLayout.CALIBRATION, RunLayout.LOGS)
                .flatMap(f -> context.link(f, f).stream()).toList();
        out.append("Files of this run: ").append(String.join(", ", runFiles)).append(".\n\n");
        MarkdownTable cells = new MarkdownTable("cell", "status", "files");
        long evidence = 0;
        for (Cell c : run.cells()) {
            String dir = RunLayout.CELLS + "/" + c.name();
            // The raw evidence beside the cell's summary: JMH's output and the fork folders.
            List<String> raw = new ArrayList<>();
            context.link(RunLayout.JMH_JSON, dir + "/" + RunLayout.JMH_JSON).ifPresent(raw::add);
            for (int i = 1; i <= c.forks(); i++) {
                context.link("fork-" + i + "/", dir + "/fork-" + i).ifPresent(raw::add);
            }
            evidence += raw.size();
            List<String> files = new ArrayList<>();
            context.link(RunLayout.CELL, dir + "/" + RunLayout.CELL).ifPresent(files::add);
            files.addAll(raw);
            cells.row("`" + c.name() + "`", MatrixSection.status(c), files.isEmpty() ? "(none)" : String.join(", ", files));
        }
        cells.appendTo(out);
        boolean measured = run.cells().stream().anyMatch(c -> c.status().measured());
        if (measured && evidence == 0) {
            // A published run on main keeps its typed summaries only; every figure above is read from them.
            out.append("This folder holds the run's summaries (`cell.json` carries every figure the report quotes). The raw evidence"
                    + " (JMH's JSON, each fork's files, probe logs, analyses, the calibration's slices; not the recordings or logs) is kept with the full run on the `"
                    + EVIDENCE_BRANCH + "` branch, under `history/").append(run.manifest().runId()).append("/`.\n\n");
            return;
        }
        long listed = run.cells().stream().mapToLong(c -> c.recordings().size()).sum();
        long present = run.cells().stream().flatMap(c -> c.recordings().stream().map(r -> run.dir().resolve(RunLayout.CELLS).resolve(c.name()).resolve(r)))
                .filter(java.nio.file.Files::isRegularFile).count();
        if (present < listed) {
            out.append(present == 0 ? "The JFR recordings (`server.jfr`) are not in this folder" : (listed - present) + " of " + listed + " JFR recordings are not in this folder")
                    .append(" (published runs keep their summaries and analyses, not the large recordings).\n\n");
        }
    }
}
