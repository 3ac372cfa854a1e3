package dev.blocklab.results;

import dev.blocklab.vocabulary.CellId;
import java.nio.file.Path;

/**
 * Where everything of a run lives, the only place a results file is named. Typed files (read and written
 * through {@link ResultsFormat}) and raw evidence (written by the tools that make it: JMH, HdrHistogram, JFR, the
 * analyser) are told apart:
 *
 * <pre>
 * &lt;run&gt;/manifest.json  verification.json  calibration.json  REPORT.md  logs/  calibration/
 *       cells/&lt;cell&gt;/cell.json  jmh.json  jmh.log
 *                     fork-N/fork.json  probe.hlog  slow.hlog  probe-percentiles.txt  server.jfr  server.log  analysis.json
 * </pre>
 */
public final class RunLayout {
    // Typed: one record each.
    public static final String MANIFEST = "manifest.json";
    public static final String VERIFICATION = "verification.json";
    public static final String CALIBRATION = "calibration.json";
    public static final String CELL = "cell.json";
    public static final String FORK = "fork.json";
    // Raw evidence.
    public static final String JMH_JSON = "jmh.json";
    public static final String JMH_LOG = "jmh.log";
    public static final String PROBE_LOG = "probe.hlog";
    public static final String PROBE_PERCENTILES = "probe-percentiles.txt";
    /** The open-model slow load's latencies, from each request's due time. */
    public static final String SLOW_LOG = "slow.hlog";
    public static final String RECORDING = "server.jfr";
    public static final String SERVER_LOG = "server.log";
    public static final String ANALYSIS = "analysis.json";
    /**
     * py-spy's samples of a FastAPI server over the window (raw collapsed stacks, one line per stack and thread): every
     * sample, those of threads on a CPU only, and py-spy's log.
     */
    public static final String PY_SPY_SAMPLES = "server.pyspy.txt";
    public static final String PY_SPY_ON_CPU = "server.pyspy-oncpu.txt";
    public static final String PY_SPY_LOG = "pyspy.log";
    // Folders.
    public static final String CELLS = "cells";
    public static final String LOGS = "logs";
    public static final String CALIBRATION_DIR = "calibration";
    public static final String REPORT = "REPORT.md";
    private static final String FORK_PREFIX = "fork-";

    private RunLayout() {}

    public static Path cellDir(Path run, CellId cell) {
        return run.resolve(CELLS).resolve(cell.name());
    }

    public static Path forkDir(Path cellDir, int fork) {
        return cellDir.resolve(FORK_PREFIX + fork);
    }

    /** The fork's number from its folder's name, or empty when it is not a fork folder. */
    public static java.util.OptionalInt forkNumber(Path dir) {
        String name = dir.getFileName().toString();
        String digits = name.startsWith(FORK_PREFIX) ? name.substring(FORK_PREFIX.length()) : "";
        return digits.matches("\\d{1,9}") ? java.util.OptionalInt.of(Integer.parseInt(digits)) : java.util.OptionalInt.empty();
    }
}
