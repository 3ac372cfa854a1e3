package dev.blocklab.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The manifest as a compact table, the commands that reproduce the run, and links to its raw files. */
final class EnvironmentSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        RunManifest m = run.manifest();
        out.append("## Environment and reproduction\n\n");
        MarkdownTable table = new MarkdownTable("", "");
        table.row("run", "`" + m.runId() + "`, " + m.status() + ", " + m.startedAt() + " → " + (m.endedAt().isEmpty() ? "(no end)" : m.endedAt()));
        table.row("commit", "`" + m.commit() + "`" + (m.dirty() ? " (uncommitted changes)" : ""));
        table.row("profile", "`" + m.profile() + "`: variants " + String.join(", ", m.variants()) + "; scenarios " + String.join(", ", m.scenarios())
                + "; slow threads " + m.concurrency().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; delay " + m.delayMs()
                + " ms; probe " + m.probeRate() + " req/s; baseline cells " + (m.baseline() ? "yes" : "no"));
        table.row("JMH", m.forks() + " fork(s), warm-up " + m.warmup() + ", measurement " + m.measurement());
        table.row("JDK", m.jdk());
        for (Map.Entry<String, List<String>> jvm : m.jvmOptions().entrySet()) {
            table.row("JVM options, " + jvm.getKey(), jvm.getValue().isEmpty() ? "(none)" : "`" + String.join(" ", jvm.getValue()) + "`");
        }
        table.row("server options", "`" + String.join(" ", m.serverOptions()) + "`");
        table.row("OS", m.os());
        table.row("CPU", m.cpu() + ", " + m.cores() + " cores");
        table.row("memory", Fmt.bytes(m.memoryBytes()));
        table.row("PostgreSQL", m.postgres().isEmpty() ? Fmt.NONE : m.postgres());
        table.row("versions", m.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        table.appendTo(out);

        out.append("To reproduce (same commit, a JDK 21+; the numbers depend on the machine):\n\n```sh\n");
        out.append("git checkout ").append(m.commit()).append('\n');
        out.append(String.format(Locale.ROOT, "./scripts/run-all.sh --profile %s --variants %s --scenarios %s --concurrency %s --delay-ms %d --probe-rate %d%s%n",
                m.profile(), String.join(",", m.variants()), String.join(",", m.scenarios()),
                m.concurrency().stream().map(String::valueOf).collect(Collectors.joining(",")), m.delayMs(), m.probeRate(),
                m.serverOptions().isEmpty() ? "" : " " + String.join(" ", m.serverOptions())));
        out.append("./scripts/blocklab report --run results/<new-run-id>");
        context.comparison().ifPresent(c -> out.append(" --baseline results/").append(c.baselineRunId()));
        out.append("\n```\n\n");

        out.append("Raw files of this run: [manifest.json](").append(context.raw("manifest.json")).append("), [verification.json](")
                .append(context.raw("verification.json")).append("), [summary.json](").append(context.raw("summary.json"))
                .append("), [logs/](").append(context.raw("logs")).append(").\n\n");
        MarkdownTable cells = new MarkdownTable("cell", "status", "files");
        for (Cell c : run.cells()) {
            String dir = "cells/" + c.name();
            String files = c.status() == CellStatus.NOT_FINISHED ? "(none)"
                    : "[cell.json](" + context.raw(dir + "/cell.json") + ")" + (c.status().measured()
                            ? ", [jmh.json](" + context.raw(dir + "/jmh.json") + ")" + forks(context, dir, c) : "");
            cells.row("`" + c.name() + "`", MatrixSection.status(c), files);
        }
        cells.appendTo(out);
        long listed = run.cells().stream().mapToLong(c -> c.recordings().size()).sum();
        long present = run.cells().stream().flatMap(c -> c.recordings().stream().map(r -> run.dir().resolve("cells").resolve(c.name()).resolve(r)))
                .filter(java.nio.file.Files::isRegularFile).count();
        if (present < listed) {
            out.append(present == 0 ? "The JFR recordings (`server.jfr`) are not in this folder" : (listed - present) + " of " + listed + " JFR recordings are not in this folder")
                    .append(" (published runs keep their summaries and analyses, not the large recordings).\n\n");
        }
    }

    private static String forks(ReportContext context, String dir, Cell c) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= c.forks(); i++) {
            s.append(", [fork-").append(i).append("/](").append(context.raw(dir + "/fork-" + i)).append(')');
        }
        return s.toString();
    }
}
