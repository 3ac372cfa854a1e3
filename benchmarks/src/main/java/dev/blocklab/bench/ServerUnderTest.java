package dev.blocklab.bench;

import dev.blocklab.vocabulary.CellId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocklab.results.ForkRecord;
import dev.blocklab.results.RunLayout;
import dev.blocklab.results.Window;
import dev.blocklab.downstream.DownstreamsMain;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.launch.ParentWatch;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Variant;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The server variant under test, in a JVM of its own (the load generator must not share its heap, JIT or
 * CPU accounting), recorded with JFR for the whole trial; the measurement window is written down so that
 * the analysis keeps to it. Counts the outcome of every measured request and runs the open-loop probe.
 * The harness floor's calibration points it at a server already running instead ({@link #target}), unrecorded
 * and without the probe.
 */
@State(Scope.Benchmark)
public class ServerUnderTest {
    /**
     * The runner passes the shared downstreams as their ready line (JSON: URLs, users, password files' paths, the pids
     * whose CPU each fork accounts for; never a password); without it a fork starts its own.
     */
    public static final String DOWNSTREAMS_PROPERTY = "blocklab.downstreams";

    @Param({"platform", "virtual", "loop-blocking", "loop-offload", "loop-async"})
    public String variant;

    /** Extra server options, space-separated, e.g. {@code --io-threads=2 --db-pool=16}. */
    @Param({""})
    public String serverOptions;

    /** Whether the server is recorded with JFR; off only to measure what recording costs. */
    @Param({"true"})
    public boolean record;

    /** Requests per second of the open-loop probe of {@code GET /}; 0 turns it off (the harness floor is one connection, as wrk's). */
    @Param({"100"})
    public int probeRate;

    /**
     * A server already running, as {@code http://127.0.0.1:PORT}, to measure instead of starting one: the harness floor
     * points JMH and wrk at one server, so that its speed cancels in their ratio. Empty: start {@link #variant}.
     */
    @Param({""})
    public String target;

    /**
     * Slow requests to keep in flight with the open-model generator ({@link OpenSlowLoad}) at λ = N / delay; 0 leaves the
     * slow load to the closed-loop JMH threads of {@link MixedLoadBenchmark#slow}.
     */
    @Param({"0"})
    public int inFlight;

    /**
     * Every request's time budget beyond its own delay: one unanswered by then counts as failed. A stalled server is
     * measured, not waited out: a blocked loop with a thousand requests queued would otherwise hold each iteration, and the
     * end of each fork, for minutes.
     */
    static final Duration BUDGET = Duration.ofSeconds(5);
    /** The cost role of the sampling profiler beside a FastAPI server (py-spy: its CPU is the diagnosis's price). */
    public static final String PROFILER_ROLE = "profiler";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Member, AtomicLong> ok = Member.counters();
    private final Map<Member, AtomicLong> errors = Member.counters();
    private Optional<ManagedProcess> ownDownstreams = Optional.empty();
    private Optional<ManagedProcess> server = Optional.empty();
    private ForkOutput output;
    private CellId cell;
    private URI base;
    private LoadClient client;
    private Optional<OpenLoopProbe> probe = Optional.empty();
    private Optional<OpenSlowLoad> slowLoad = Optional.empty();
    private Optional<ProcessAccounting> cost = Optional.empty();
    /** py-spy on a FastAPI server over the measurement window: what JFR is to a JVM server. */
    private volatile Optional<PySpySampler> sampler = Optional.empty();
    private volatile boolean measuring;
    private Instant iterationStart;
    private Instant windowStart;
    private Instant windowEnd;
    private Duration measured = Duration.ZERO;
    private int measurementIterations;
    /** How long a JMH thread's request may take: an iteration runs over by up to this, waiting for the answer. */
    private Duration requestDeadline = BUDGET;
    private int measuredIterations;

    /** Who sent a request: the slow group members or the fast probe thread. */
    enum Member {
        SLOW, FAST;

        static Map<Member, AtomicLong> counters() {
            Map<Member, AtomicLong> counters = new LinkedHashMap<>();
            for (Member member : values()) {
                counters.put(member, new AtomicLong());
            }
            return counters;
        }
    }

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
        // A fork whose runner is killed must not go on measuring (and holding a server) on its own.
        ParentWatch.exitWithParent();
        Variant chosen = Variant.fromId(variant);
        cell = cellOf(chosen, params);
        if (!target.isBlank() && record) {
            throw new IllegalArgumentException("target names a server this fork did not start and cannot record: set record=false");
        }
        output = ForkOutput.next(cell);
        if (target.isBlank()) {
            List<String> args = new ArrayList<>(ServerMain.downstreamArgs(downstreams()));
            Arrays.stream(serverOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(args::add);
            boolean recorded = record && chosen.edition().recordedWithJfr();
            ManagedProcess started = ServerLauncher.start("server", chosen, args,
                    ServerJvm.options(recorded ? Optional.of(output.resolve(RunLayout.RECORDING)) : Optional.empty()),
                    ManagedProcess.file(output.resolve(RunLayout.SERVER_LOG)));
            server = Optional.of(started);
            base = ServerMain.baseUri(started.ready());
        } else {
            base = URI.create(target.strip());
        }
        Duration route = cell.routeTime();
        // The JMH threads' requests: GET / only, or the slow ones too under the closed model.
        requestDeadline = inFlight > 0 ? BUDGET : BUDGET.plus(route);
        client = new LoadClient(params.getThreads() + 1, requestDeadline);
        server.ifPresent(started -> cost = Optional.of(new ProcessAccounting(roles(started.pid()))));
        if (probeRate > 0) {
            probe = Optional.of(new OpenLoopProbe(base.resolve("/"), probeRate, BUDGET));
        }
        if (inFlight > 0 && !cell.isBaseline()) {
            slowLoad = Optional.of(new OpenSlowLoad(uri(cell.scenario().orElseThrow().path() + "?ms=" + cell.delayMs()), inFlight, route,
                    BUDGET.plus(route)));
        }
    }

    /**
     * Whose CPU, memory and threads a trial accounts for: the server, the downstreams JVM, the embedded PostgreSQL (its
     * postmaster and every backend below it; none for an external server), this JVM.
     */
    private java.util.Map<String, java.util.function.Supplier<List<ProcessHandle>>> roles(long serverPid) {
        JsonNode where = downstreams();
        java.util.Map<String, java.util.function.Supplier<List<ProcessHandle>>> roles = new LinkedHashMap<>();
        roles.put("server", ProcessAccounting.pid(serverPid));
        if (where.path("pid").asLong(-1) > 0) {
            roles.put("downstreams", ProcessAccounting.pid(where.get("pid").asLong()));
        }
        if (where.path("pgPid").asLong(-1) > 0) {
            roles.put("postgres", ProcessAccounting.withDescendants(where.get("pgPid").asLong()));
        }
        if (where.path("mariadbPid").asLong(-1) > 0) {
            roles.put("mariadb", ProcessAccounting.pid(where.get("mariadbPid").asLong()));
        }
        roles.put("client", ProcessAccounting.pid(ProcessHandle.current().pid()));
        if (sampled()) {
            roles.put(PROFILER_ROLE, () -> sampler.map(PySpySampler::handles).orElse(List.of()));
        }
        return roles;
    }

    /** Whether this trial samples its server with py-spy: a FastAPI server this fork started, when recording. */
    private boolean sampled() {
        return record && server.isPresent() && Variant.fromId(variant).edition() == Edition.FASTAPI;
    }

    private CellId cellOf(Variant variant, BenchmarkParams params) {
        String scenario = params.getParam("scenario");
        if (scenario == null) {
            return CellId.baseline(variant);
        }
        return CellId.mixed(variant, Scenario.fromId(scenario), Integer.parseInt(params.getParam("delayMs")),
                inFlight > 0 ? inFlight : params.getThreadGroups()[MixedLoadBenchmark.SLOW_GROUP_INDEX]);
    }

    private JsonNode downstreams() {
        if (ownDownstreams.isPresent()) {
            return ownDownstreams.get().ready();
        }
        String shared = System.getProperty(DOWNSTREAMS_PROPERTY);
        if (shared != null) {
            try {
                return JSON.readTree(shared);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("-D" + DOWNSTREAMS_PROPERTY + " is not the downstreams' ready line: " + e.getMessage(), e);
            }
        }
        ManagedProcess started = ManagedProcess.start("downstreams", DownstreamsMain.class, List.of(), List.of(), Map.of(),
                ManagedProcess.file(output.resolve("downstreams.log")), Duration.ofSeconds(120));
        ownDownstreams = Optional.of(started);
        return started.ready();
    }

    @Setup(Level.Iteration)
    public void iterationStarts(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measurementIterations = iteration.getCount();
            if (windowStart == null && sampled()) {
                // The window, and what each iteration may run over by: the answers its threads still wait for.
                Duration window = Duration.ofMillis(iteration.getTime().convertTo(TimeUnit.MILLISECONDS) * iteration.getCount())
                        .plus(requestDeadline.multipliedBy(iteration.getCount()));
                sampler = PySpySampler.start(server.orElseThrow().pid(), window, output.resolve(RunLayout.PY_SPY_SAMPLES),
                        output.resolve(RunLayout.PY_SPY_ON_CPU), output.resolve(RunLayout.PY_SPY_LOG));
            }
            iterationStart = Instant.now();
            if (windowStart == null) {
                windowStart = iterationStart;
            }
            cost.ifPresent(ProcessAccounting::iterationStarts);
            measuring = true;
            probe.ifPresent(p -> p.recording(true));
            slowLoad.ifPresent(g -> g.measuring(true));
        }
    }

    @TearDown(Level.Iteration)
    public void iterationEnds() {
        if (measuring) {
            measuring = false;
            probe.ifPresent(p -> p.recording(false));
            slowLoad.ifPresent(g -> g.measuring(false));
            cost.ifPresent(ProcessAccounting::iterationEnds);
            windowEnd = Instant.now();
            measured = measured.plus(Duration.between(iterationStart, windowEnd));
            if (++measuredIterations == measurementIterations) {
                sampler.ifPresent(PySpySampler::stop); // its samples are the window's; its CPU was read just above
            }
        }
    }

    /** Sends one request for {@code member}; failures are counted, never thrown (a throw ends the trial). */
    void call(Member member, URI uri) {
        boolean success = client.get(uri);
        if (measuring) {
            (success ? ok : errors).get(member).incrementAndGet();
        }
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            // Each closes whatever the one before did: a failing generator must not leave the probe or the server running.
            try {
                try {
                    sampler.ifPresent(PySpySampler::close); // first: its file is written before the load or the server stops
                } finally {
                    drainTogether();
                }
            } finally {
                try {
                    cost.ifPresent(ProcessAccounting::close);
                } finally {
                    client.close();
                }
            }
        } finally {
            try {
                server.ifPresent(ManagedProcess::close);
            } finally {
                ownDownstreams.ifPresent(ManagedProcess::close);
            }
        }
        Optional<Histogram> probed = probe.map(OpenLoopProbe::histogram);
        probed.ifPresent(output::writeProbe);
        slowLoad.ifPresent(g -> output.writeSlowLatency(g.latency()));
        output.write(forkRecord(probed));
    }

    /**
     * The generator and the probe drain at once: each gives its requests in flight their budget, and a stalled server holds
     * both, so one after the other would wait the budget twice. The probe is closed whatever the generator's close throws.
     */
    private void drainTogether() {
        java.util.concurrent.CompletableFuture<Void> probeDrain = java.util.concurrent.CompletableFuture.runAsync(
                () -> probe.ifPresent(OpenLoopProbe::close), task -> Thread.ofVirtual().name("probe-drain").start(task));
        try {
            slowLoad.ifPresent(OpenSlowLoad::close);
        } finally {
            probeDrain.join(); // the probe's own failure, if any, is the teardown's too
        }
    }

    private ForkRecord forkRecord(Optional<Histogram> probed) {
        double seconds = measured.toNanos() / 1e9;
        JsonNode measuredServer = server.map(ManagedProcess::ready)
                .orElseGet(() -> JSON.createObjectNode().put("target", base.toString()));
        Map<Member, ForkRecord.Counts> counts = new EnumMap<>(Member.class);
        for (Member member : Member.values()) {
            long done = ok.get(member).get();
            counts.put(member, new ForkRecord.Counts(done, errors.get(member).get(), seconds > 0 ? done / seconds : 0.0));
        }
        slowLoad.ifPresent(g -> counts.put(Member.SLOW, new ForkRecord.Counts(g.ok(), g.errors(), seconds > 0 ? g.ok() / seconds : 0.0)));
        ForkRecord.ProbeCounts probeCounts = probe.map(p -> new ForkRecord.ProbeCounts(probeRate, probed.orElseThrow().getTotalCount(),
                Math.round(probeRate * seconds), p.errors(), p.refused())).orElse(ForkRecord.ProbeCounts.OFF);
        return new ForkRecord(cell.name(), measuredServer, serverOptions,
                new Window(String.valueOf(windowStart), String.valueOf(windowEnd), seconds), counts.get(Member.SLOW), counts.get(Member.FAST),
                probeCounts, cost.map(c -> c.result(seconds)).orElse(List.of()),
                cost.map(ProcessAccounting::machineBusy).orElse(java.util.OptionalDouble.empty()), slowLoad.map(OpenSlowLoad::check));
    }
}
