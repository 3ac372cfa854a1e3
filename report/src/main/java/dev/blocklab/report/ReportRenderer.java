package dev.blocklab.report;

import dev.blocklab.results.Run;
import dev.blocklab.results.RunReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Renders a run folder into REPORT.md and its SVG charts: the API the harness calls at the end of a run and the
 * {@code report} subcommand calls from the command line. Reads the run's typed files through {@code results-format}
 * (and only looks whether raw evidence is there, to link it); the same run folder renders to byte-identical files every
 * time.
 *
 * <pre>{@code
 * ReportRenderer.Rendered r = ReportRenderer.render(runDir, Optional.empty(), Path.of("REPORT.md"));
 * }</pre>
 */
public final class ReportRenderer {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportRenderer() {}

    /** What was written: the report, its charts, and the comparison when a baseline was given. */
    public record Rendered(Path report, Path chartsDir, List<Path> charts, Optional<Comparison> comparison) {}

    /**
     * Writes {@code outFile} (e.g. {@code REPORT.md}) and, beside it, a folder {@code <name>-charts/} (e.g.
     * {@code report-charts/}) with the SVG charts; links in the report are relative. Stale SVGs in that folder
     * are removed.
     *
     * @throws dev.blocklab.launch.Commands.Failure when a run cannot be read (one line, naming the file)
     */
    public static Rendered render(Path runDir, Optional<Path> baselineDir, Path outFile) {
        Run run = RunReader.read(runDir);
        Optional<Comparison> comparison = baselineDir.map(RunReader::read).map(baseline -> Comparison.of(run, baseline));
        Path out = outFile.toAbsolutePath().normalize();
        Path parent = out.getParent();
        String stem = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String chartsName = stem.toLowerCase(Locale.ROOT) + "-charts";
        Path chartsDir = parent.resolve(chartsName);
        List<Chart> charts = Charts.of(run);
        String runLink = link(parent, runDir);
        String markdown = MarkdownReport.render(new ReportContext(run, comparison, charts, chartsName, runLink));
        try {
            Files.createDirectories(chartsDir);
            List<Path> written = new ArrayList<>();
            for (Chart chart : charts) {
                Path file = chartsDir.resolve(chart.file());
                SvgExport.write(chart, file);
                written.add(file);
            }
            try (Stream<Path> files = Files.list(chartsDir)) {
                for (Path stale : files.filter(f -> f.toString().endsWith(".svg") && !written.contains(f)).toList()) {
                    Files.delete(stale);
                }
            }
            Files.writeString(out, markdown, StandardCharsets.UTF_8);
            return new Rendered(out, chartsDir, List.copyOf(written), comparison);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
    }

    /** The run folder relative to the report's folder, with forward slashes, for Markdown links. */
    static String link(Path from, Path to) {
        Path relative = from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize());
        return relative.toString().replace('\\', '/');
    }
}
