package dev.blocklab.bench;

import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.RunLayout;
import dev.blocklab.vocabulary.CellId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Where one JMH fork of a cell writes: {@code <cell>/fork-<n>/} ({@link RunLayout}) with the server's recording and
 * log, the probe's histogram and {@code fork.json}. Forks of a cell never overwrite each other.
 */
public final class ForkOutput {
    /** Set by the runner: the cell's folder. Without it a fork writes under {@code results/jmh-<time>/}. */
    public static final String CELL_DIR_PROPERTY = "blocklab.cell.dir";

    private final Path dir;

    private ForkOutput(Path dir) {
        this.dir = dir;
    }

    static ForkOutput next(CellId cell) {
        String configured = System.getProperty(CELL_DIR_PROPERTY);
        Path cellDir = configured != null ? Path.of(configured)
                : Path.of("results", "jmh-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC).format(Instant.now()), cell.name());
        try {
            for (int n = 1; ; n++) {
                Path candidate = RunLayout.forkDir(cellDir, n);
                if (!Files.exists(candidate)) {
                    return new ForkOutput(Files.createDirectories(candidate));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    void write(ForkRecord fork) {
        ResultsFormat.write(dir.resolve(RunLayout.FORK), fork);
    }

    /** The probe's histogram twice: as an HdrHistogram log (to merge forks) and as a percentile table (to read). */
    void writeProbe(Histogram histogram) {
        writeLog(RunLayout.PROBE_LOG, "blocklab open-loop probe of GET /, microseconds from each request's intended start", histogram);
        try (PrintStream table = new PrintStream(Files.newOutputStream(dir.resolve(RunLayout.PROBE_PERCENTILES)), true, "UTF-8")) {
            histogram.outputPercentileDistribution(table, 1000.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The open-model slow load's latencies, as an HdrHistogram log. */
    void writeSlowLatency(Histogram histogram) {
        writeLog(RunLayout.SLOW_LOG, "blocklab open-model slow load, microseconds from each request's due time", histogram);
    }

    private void writeLog(String name, String comment, Histogram histogram) {
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(name)), true, "UTF-8")) {
            HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputComment(comment);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            writer.outputIntervalHistogram(histogram);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
