package dev.blocklab.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.launch.Commands;
import dev.blocklab.results.Bound;
import dev.blocklab.results.Cell;
import dev.blocklab.results.CellStatus;
import dev.blocklab.results.Cost;
import dev.blocklab.results.Diagnosis;
import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.Latency;
import dev.blocklab.results.OpenLoad;
import dev.blocklab.results.Probe;
import dev.blocklab.results.ProcessCost;
import dev.blocklab.results.ResultsFormat;
import dev.blocklab.results.Route;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.Window;
import dev.blocklab.vocabulary.CellId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Turns the raw evidence of one measured cell (JMH's JSON, each fork's {@code fork.json}, probe log and analysis)
 * into its {@link Cell}: every figure a reader quotes, the Little's-law bound and the cell's status. This is the
 * only reader of JMH's JSON and of the probe logs; what it does not carry over stays beside it as evidence.
 */
final class CellSummary {
    /** More errors than this, and a cell is marked, never silently averaged in. */
    static final double ERROR_THRESHOLD = CellStatus.ERROR_SHARE;
    /** The role of the JVM under test in a fork's process costs. */
    static final String SERVER = "server";
    private static final ObjectMapper JMH_JSON = new ObjectMapper();

    private CellSummary() {}

    static Cell summarize(CellId cell, Path cellDir) throws IOException {
        JsonNode jmh = readJmh(cellDir);
        List<Path> forkDirs = forkDirs(cellDir);
        List<ForkRecord> forks = new ArrayList<>();
        Map<Path, ForkRecord> byDir = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Path dir : forkDirs) {
            Path file = dir.resolve(RunLayout.FORK);
            if (Files.isRegularFile(file)) {
                forks.add(ResultsFormat.read(file, ForkRecord.class));
                byDir.put(dir, forks.getLast());
            } else {
                missing.add(cellDir.relativize(file).toString());
            }
        }
        if (jmh == null || forks.isEmpty()) {
            return failed(cell, "no results: " + reasonFromLog(cellDir));
        }
        Map<String, Integer> pools = new LinkedHashMap<>();
        forks.getFirst().server().path("pools").properties().forEach(e -> pools.put(e.getKey(), e.getValue().asInt()));
        Optional<OpenLoad> openLoad = forks.stream().flatMap(f -> f.openLoad().stream()).reduce(OpenLoad::plus);
        Optional<Route> slow = cell.isBaseline() ? Optional.empty()
                : Optional.of(openLoad.isPresent() ? openLoadRoute(cell.slowThreads(), forks, merged(cellDir, forkDirs, RunLayout.SLOW_LOG, missing))
                        : route(cell.slowThreads(), forks, ForkRecord::slow, jmh.path("secondaryMetrics").path("slow")));
        Route fast = route(1, forks, ForkRecord::fast, cell.isBaseline() ? jmh.path("primaryMetric") : jmh.path("secondaryMetrics").path("fast"));
        long failedRequests = fast.errors() + slow.map(Route::errors).orElse(0L);
        long requests = fast.ok() + fast.errors() + slow.map(r -> r.ok() + r.errors()).orElse(0L);
        double errorRate = requests == 0 ? 1.0 : (double) failedRequests / requests;
        boolean tooManyErrors = errorRate > ERROR_THRESHOLD;
        // The harness floor turns the probe off.
        Optional<Probe> probe = forks.getFirst().probe().rate() > 0 ? Optional.of(probe(cellDir, forkDirs, forks, missing)) : Optional.empty();
        Optional<Bound> bound = cell.isBaseline() ? Optional.empty() : Optional.of(LittlesLaw.of(cell, pools));
        OptionalDouble efficiency = OptionalDouble.empty();
        OptionalDouble utilization = OptionalDouble.empty();
        if (slow.isPresent()) {
            Route s = slow.get();
            efficiency = OptionalDouble.of(s.throughput() / bound.orElseThrow().throughput());
            // Little's law run backwards: requests in flight = rate answered x mean latency. Closed model: near 1 x N, the
            // load threads were never idle, so an efficiency below 1 is the server's latency, not the harness. Open model:
            // every answer counts (failures too, as the latency does), and below 1 means fewer than N were in flight.
            double answered = openLoad.isEmpty() ? s.throughput() : forks.stream()
                    .mapToDouble(f -> f.window().measuredSeconds() > 0 ? (f.slow().ok() + f.slow().errors()) / f.window().measuredSeconds() : 0).average().orElse(0);
            utilization = OptionalDouble.of(answered * s.meanMs() / 1000.0 / cell.slowThreads());
        }
        List<Diagnosis> diagnoses = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path fork : forkDirs) {
            String name = fork.getFileName().toString();
            if (cell.variant().edition().recordedWithJfr()) {
                Path analysis = fork.resolve(RunLayout.ANALYSIS);
                if (Files.isRegularFile(analysis)) {
                    diagnoses.add(AnalysisSummary.read(analysis, name));
                } else {
                    missing.add(cellDir.relativize(analysis).toString());
                }
                continue;
            }
            // The FastAPI edition: py-spy's two sample files (PySpySampler), when py-spy could sample the server.
            Path all = fork.resolve(RunLayout.PY_SPY_SAMPLES);
            Path onCpu = fork.resolve(RunLayout.PY_SPY_ON_CPU);
            if (Files.isRegularFile(all) && Files.isRegularFile(onCpu)) {
                try {
                    diagnoses.add(PySpySummary.read(all, onCpu, name,
                            byDir.containsKey(fork) ? byDir.get(fork).window().measuredSeconds() : 0));
                } catch (Commands.Failure e) {
                    problems.add(cellDir.relativize(fork) + "/" + e.getMessage() + " (not analysed)"); // evidence only: the figures stand
                }
            } else {
                missing.add(cellDir.relativize(Files.isRegularFile(all) ? onCpu : all).toString());
            }
        }
        Optional<String> harnessLimit = openLoad.flatMap(l -> l.harnessLimit(cell.delayMs()));
        CellStatus status = harnessLimit.isPresent() ? CellStatus.HARNESS_LIMITED : tooManyErrors ? CellStatus.ERRORS : CellStatus.OK;
        String errors = tooManyErrors ? String.format(Locale.ROOT, "%.1f%% of requests failed (threshold %.0f%%)", 100 * errorRate, 100 * ERROR_THRESHOLD) : "";
        String reason = harnessLimit.map(h -> errors.isEmpty() ? h : h + "; " + errors).orElse(errors);
        return new Cell(cell.name(), cell.variant(), cell.scenario(), cell.delayMs(), cell.slowThreads(), status, reason,
                forks.size(), pools, forks.stream().map(ForkRecord::window).toList(), slow, Optional.of(fast), probe, bound, efficiency,
                utilization, errorRate, recordings(cellDir), List.copyOf(diagnoses), List.copyOf(problems), List.copyOf(missing), cost(forks), openLoad);
    }

    static Cell failed(CellId cell, String reason) {
        return Cell.notMeasured(cell, CellStatus.FAILED, reason, List.of());
    }

    /** The cell with the lines of the recordings that could not be analysed or scrubbed, after those it has. */
    static Cell withAnalysisProblems(Cell c, List<String> problems) {
        List<String> all = new ArrayList<>(c.analysisProblems());
        problems.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return new Cell(c.name(), c.variant(), c.scenario(), c.delayMs(), c.slowThreads(), c.status(), c.reason(), c.forks(), c.pools(),
                c.windows(), c.slow(), c.fast(), c.probe(), c.bound(), c.efficiency(), c.harnessUtilization(), c.errorRate(), c.recordings(),
                c.diagnoses(), List.copyOf(all), c.missingFiles(), c.cost(), c.openLoad());
    }

    /**
     * The forks' process costs: per role the mean CPU (memory and threads: the largest), the server's CPU per completed
     * request per fork, and, when the machine was saturated, which role it was busiest with. Empty when no fork sampled.
     */
    static Optional<Cost> cost(List<ForkRecord> forks) {
        List<ForkRecord> sampled = forks.stream().filter(f -> !f.processes().isEmpty()).toList();
        if (sampled.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<ProcessCost>> byRole = new LinkedHashMap<>();
        sampled.forEach(f -> f.processes().forEach(p -> byRole.computeIfAbsent(p.role(), r -> new ArrayList<>()).add(p)));
        List<ProcessCost> roles = new ArrayList<>();
        byRole.forEach((role, each) -> roles.add(new ProcessCost(role, each.stream().mapToDouble(ProcessCost::cpuMs).average().orElse(0),
                each.stream().mapToDouble(ProcessCost::cores).average().orElse(0),
                each.stream().flatMapToLong(p -> p.rssPeakBytes().stream()).max(),
                each.stream().flatMapToLong(p -> p.threadsPeak().stream()).max())));
        List<Double> perRequest = new ArrayList<>();
        for (ForkRecord f : sampled) {
            long served = f.slow().ok() + f.slow().errors() + f.fast().ok() + f.fast().errors() + f.probe().count();
            f.processes().stream().filter(p -> p.role().equals(SERVER)).findFirst()
                    .filter(p -> served > 0).ifPresent(p -> perRequest.add(p.cpuMs() / served));
        }
        OptionalDouble busy = sampled.stream().flatMapToDouble(f -> f.machineBusy().stream()).average();
        Optional<String> limit = busy.isPresent() && busy.getAsDouble() >= Cost.SATURATED
                ? roles.stream().max(Comparator.comparingDouble(ProcessCost::cores))
                        .map(p -> String.format(Locale.ROOT, "machine CPU saturated (%.0f%% busy), most of it %s (%.2f cores)",
                                100 * busy.getAsDouble(), p.role(), p.cores()))
                : Optional.empty();
        return Optional.of(new Cost(List.copyOf(roles), busy, List.copyOf(perRequest), limit));
    }

    /** One route from the forks' counts and JMH's latency figures for it (its score, percentiles and every iteration). */
    private static Route route(int threads, List<ForkRecord> forks, Function<ForkRecord, ForkRecord.Counts> member, JsonNode metric) {
        List<Double> perFork = forks.stream().map(f -> member.apply(f).throughput()).toList();
        List<Double> iterations = new ArrayList<>();
        metric.path("rawData").forEach(fork -> fork.forEach(v -> iterations.add(v.asDouble())));
        JsonNode p = metric.path("scorePercentiles");
        Latency latency = new Latency(p.path("50.0").asDouble(), p.path("90.0").asDouble(), p.path("99.0").asDouble(),
                p.path("99.9").asDouble(), p.path("100.0").asDouble());
        return new Route(threads, forks.stream().mapToLong(f -> member.apply(f).ok()).sum(), forks.stream().mapToLong(f -> member.apply(f).errors()).sum(),
                perFork, perFork.stream().mapToDouble(Double::doubleValue).average().orElse(0), metric.path("score").asDouble(),
                metric.path("scoreError").asDouble(), latency, List.copyOf(iterations));
    }

    /** The open-model slow route: counts from the forks, latency from the generator's logs (from each request's due time). */
    private static Route openLoadRoute(int inFlight, List<ForkRecord> forks, Optional<Histogram> latency) {
        List<Double> perFork = forks.stream().map(f -> f.slow().throughput()).toList();
        return new Route(inFlight, forks.stream().mapToLong(f -> f.slow().ok()).sum(), forks.stream().mapToLong(f -> f.slow().errors()).sum(),
                perFork, perFork.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                latency.map(h -> h.getMean() / 1000.0).orElse(Double.NaN), Double.NaN, latency.map(CellSummary::latency).orElse(Latency.NONE), List.of());
    }

    private static JsonNode readJmh(Path cellDir) throws IOException {
        Path file = cellDir.resolve(RunLayout.JMH_JSON);
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return null;
        }
        JsonNode results = JMH_JSON.readTree(file.toFile());
        return results.isArray() && !results.isEmpty() ? results.get(0) : null;
    }

    private static List<Path> forkDirs(Path cellDir) throws IOException {
        try (Stream<Path> dirs = Files.list(cellDir)) {
            return dirs.filter(d -> Files.isDirectory(d) && RunLayout.forkNumber(d).isPresent())
                    .sorted(Comparator.comparingInt(d -> RunLayout.forkNumber(d).getAsInt())).toList();
        }
    }

    /** The open-loop probe, its forks' histograms merged. */
    private static Probe probe(Path cellDir, List<Path> forkDirs, List<ForkRecord> forks, List<String> missing) {
        Optional<Histogram> merged = merged(cellDir, forkDirs, RunLayout.PROBE_LOG, missing);
        // No fork's log: no latency at all, never the empty histogram's zeros.
        return new Probe(forks.getFirst().probe().rate(), merged.map(Histogram::getTotalCount).orElse(0L),
                forks.stream().mapToLong(f -> f.probe().errors()).sum(), forks.stream().mapToLong(f -> f.probe().refused()).sum(),
                merged.map(CellSummary::latency).orElse(Latency.NONE), merged);
    }

    /** Every fork's HdrHistogram log of one name merged, or empty when no fork wrote one (each missing log is named). */
    private static Optional<Histogram> merged(Path cellDir, List<Path> forkDirs, String name, List<String> missing) {
        Histogram merged = new Histogram(3);
        boolean any = false;
        for (Path dir : forkDirs) {
            Path log = dir.resolve(name);
            if (!Files.isRegularFile(log)) {
                missing.add(cellDir.relativize(log).toString()); // A fork without its log contributes nothing; the count shows it.
                continue;
            }
            try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    merged.add((Histogram) h);
                    any = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // The log's start time and tags are the writer's, not the latencies'; a reader needs only the counts.
        merged.setStartTimeStamp(0);
        merged.setEndTimeStamp(0);
        return any ? Optional.of(merged) : Optional.empty();
    }

    private static Latency latency(Histogram h) {
        return new Latency(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long microseconds) {
        return microseconds / 1000.0;
    }

    private static List<String> recordings(Path cellDir) throws IOException {
        try (Stream<Path> files = Files.walk(cellDir, 2)) {
            return files.filter(f -> f.getFileName().toString().equals(RunLayout.RECORDING)).sorted()
                    .map(f -> cellDir.relativize(f).toString()).toList();
        }
    }

    /** The first line of JMH's log that says what went wrong. */
    static String reasonFromLog(Path cellDir) {
        try (Stream<String> lines = Files.lines(cellDir.resolve(RunLayout.JMH_LOG))) {
            return lines.map(String::strip)
                    .filter(l -> l.contains("Exception") || l.contains("Error:") || l.startsWith("<failure>") || l.contains("Failure"))
                    .filter(l -> !l.startsWith("at "))
                    .findFirst().orElse("JMH produced no result (see " + RunLayout.JMH_LOG + ")");
        } catch (IOException | UncheckedIOException e) {
            return "JMH produced no result and no log";
        }
    }
}
