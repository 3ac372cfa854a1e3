package dev.blocklab.report;

import dev.blocklab.launch.Commands;
import dev.blocklab.results.AtomicFile;
import dev.blocklab.results.Run;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Renders a run folder into REPORT.md, its SVG charts and the same report as one HTML page: the API the harness calls at the end of a run and the
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

    /** What was written: the report, its charts, the same report as one HTML page; the run it read, and the comparison when a baseline was given. */
    public record Rendered(Path report, Path chartsDir, List<Path> charts, Path html, Run run, Optional<Comparison> comparison) {
        /** The run's unreadable files, each named in the report too. */
        public List<String> gaps() {
            return run.unreadable().stream().map(c -> RunLayout.CELLS + "/" + c.name() + "/" + RunLayout.CELL).toList();
        }
    }

    /**
     * Writes {@code outFile} (e.g. {@code REPORT.md}) and, beside it, a folder {@code <name>-charts/} (e.g.
     * {@code report-charts/}) with the SVG charts, and {@code <name>.html}, the same report on one self-contained page;
     * links in the report are relative. Each file is written whole or not at all (a failure never leaves half a report
     * over a good one); stale SVGs in the charts folder are removed.
     *
     * @throws Commands.Failure when a run cannot be read (one line, naming the file)
     */
    public static Rendered render(Path runDir, Optional<Path> baselineDir, Path outFile) {
        Run run = RunReader.read(runDir);
        Optional<Comparison> comparison = baselineDir.map(RunReader::read).map(baseline -> Comparison.of(run, baseline));
        Path out = outFile.toAbsolutePath().normalize();
        Path parent = out.getParent();
        String stem = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String chartsName = stem.toLowerCase(Locale.ROOT) + "-charts";
        Path chartsDir = parent.resolve(chartsName);
        Path html = parent.resolve(stem + ".html");
        List<Chart> charts = Charts.of(run);
        String runLink = link(parent, runDir);
        String markdown = MarkdownReport.render(new ReportContext(run, comparison, charts, chartsName, runLink));
        try {
            Files.createDirectories(chartsDir);
            List<Path> written = new ArrayList<>();
            Map<String, String> svgByLink = new LinkedHashMap<>();
            for (Chart chart : charts) {
                Path file = chartsDir.resolve(chart.file());
                String svg = SvgExport.svg(chart);
                AtomicFile.write(file, svg);
                written.add(file);
                svgByLink.put(chartsName + "/" + chart.file(), svg);
            }
            try (Stream<Path> files = Files.list(chartsDir)) {
                for (Path stale : files.filter(f -> f.toString().endsWith(".svg") && !written.contains(f)).toList()) {
                    Files.delete(stale);
                }
            }
            AtomicFile.write(out, markdown);
            AtomicFile.write(html, HtmlPage.render("blocklab: " + run.manifest().runId(), markdown, svgByLink));
            return new Rendered(out, chartsDir, List.copyOf(written), html, run, comparison);
        } catch (IOException e) {
            throw new Commands.Failure("cannot write the report to " + out + ": " + e.getMessage());
        }
    }

    /** The run folder relative to the report's folder, with forward slashes, for Markdown links. */
    static String link(Path from, Path to) {
        Path relative = from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize());
        return relative.toString().replace('\\', '/');
    }
}
