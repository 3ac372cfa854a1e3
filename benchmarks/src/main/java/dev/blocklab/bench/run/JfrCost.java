package dev.blocklab.bench.run;

import dev.blocklab.bench.LoadClient;
import dev.blocklab.bench.ServerJvm;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.results.Calibration;
import dev.blocklab.results.RunLayout;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Variant;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * What JFR recording costs a server's throughput, measured finely enough to judge a few percent on a shared
 * machine, where two identical one-second measurements differ by 10-20%.
 *
 * <p>Three servers of one variant run at once: one recording with blocklab's settings, one not, and a second one
 * without as a control. One connection per server sends {@code GET /} unpaced through the harness's client, in
 * slices of {@link #SLICE} that go round the three servers in turn, the order rotating. Whatever the machine does
 * (a neighbour's burst, a frequency change) lasts longer than a round of three slices, so it hits the three alike
 * and cancels in the round's ratios: the recorded server against the mean of the two unrecorded ones (their mean
 * varies less from set to set than either), and the control against the other unrecorded one.
 *
 * <p>One JVM runs the same code a few percent faster or slower than another (where its threads land, what its JIT
 * made), for its whole life: rounds within one set of servers are not independent samples of the cost. So the
 * servers are started afresh {@link #FORKS} times; each fork gives the median of its rounds, and the cost is the
 * median of the forks with a distribution-free confidence interval over them (order statistics). The control, one
 * unrecorded server against the other, shows how far apart two identical servers land.
 */
final class JfrCost {
    static final Duration SLICE = Duration.ofMillis(20);
    /**
     * A multiple of 6: the rounds go through every order of the three servers equally often. Sets of servers
     * differ by a few percent, so sets are what narrow the interval (a published run with 10 sets of 198 rounds:
     * 0.7% to 6.4%); but with 60 rounds after 1 s of warm-up the sets spread over -14% to 23% (JIT still at work).
     */
    static final int ROUNDS_PER_FORK = 120;
    /**
     * 10 sets: the interval is [x(2), x(9)] of the sorted set costs, 97.9% coverage. 20 sets ([x(6), x(15)]) narrowed it
     * little more and took two more minutes of a run that must stay under an hour.
     */
    static final int FORKS = 10;
    static final Duration WARM_UP = Duration.ofSeconds(2);
    static final String DIR = "calibration/jfr-cost";
    static final String METHOD = "interleaved slices";
    /** What the recorded server is compared with (runs before this field: the unrecorded server alone). */
    static final String AGAINST = "mean of both unrecorded servers";
    static final String SLICES_CSV = "jfr-cost-slices.csv";

    /** The three servers, in the order of a round before it rotates. */
    enum Server {
        RECORDED, UNRECORDED, CONTROL;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private JfrCost() {}

    /**
     * Measures into the run's {@link #DIR} (the slices as CSV, the servers' logs and recordings); returns the
     * check, with {@code failed} and the reason when a server or a request failed.
     */
    static Calibration.JfrCheck measure(Variant variant, List<String> serverArgs, Path runDir, double limit) {
        List<Fork> forks = new ArrayList<>();
        Optional<String> failed = Optional.empty();
        try {
            Path dir = Files.createDirectories(runDir.resolve(DIR));
            try (BufferedWriter csv = Files.newBufferedWriter(dir.resolve(SLICES_CSV))) {
                csv.write("fork,round,position,server,requests,errors,nanos\n");
                for (int fork = 1; fork <= FORKS; fork++) {
                    forks.add(fork(variant, serverArgs, dir.resolve("fork-" + fork), fork, csv));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Recorded like a failed cell: the rest of the calibration and the run go on.
            failed = Optional.of(e.getMessage() + " (see " + DIR + "/fork-*/*.log)");
        }
        long errors = forks.stream().mapToLong(Fork::errors).sum();
        if (errors > 0) {
            failed = Optional.of(errors + " requests failed during the check (see " + DIR + "/fork-*/*.log)");
        }
        List<Calibration.JfrSet> sets = new ArrayList<>();
        for (int i = 0; i < forks.size(); i++) {
            Fork f = forks.get(i);
            sets.add(new Calibration.JfrSet(i + 1, f.cost(), f.control(), f.recorded(), f.unrecorded(),
                    f.stolen().map(OptionalDouble::of).orElse(OptionalDouble.empty())));
        }
        String goal = "recording costs under 3% of GET / throughput";
        String slices = DIR + "/" + SLICES_CSV;
        if (failed.isPresent()) {
            return new Calibration.JfrCheck(goal, limit, METHOD, AGAINST, SLICE.toMillis(), ROUNDS_PER_FORK, slices, failed, forks.size(),
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.copyOf(sets));
        }
        MedianInterval cost = MedianInterval.of(forks.stream().map(Fork::cost).toList());
        MedianInterval control = MedianInterval.of(forks.stream().map(Fork::control).toList());
        List<Double> stolen = forks.stream().flatMap(f -> f.stolen().stream()).toList();
        Optional<Calibration.Spread> stolenCpu = stolen.size() == forks.size()
                ? Optional.of(new Calibration.Spread(MedianInterval.median(stolen), stolen.stream().min(Double::compare).orElseThrow(),
                        stolen.stream().max(Double::compare).orElseThrow()))
                : Optional.empty();
        return new Calibration.JfrCheck(goal, limit, METHOD, AGAINST, SLICE.toMillis(), ROUNDS_PER_FORK, slices, failed, forks.size(),
                OptionalDouble.of(MedianInterval.median(forks.stream().map(Fork::recorded).toList())),
                OptionalDouble.of(MedianInterval.median(forks.stream().map(Fork::unrecorded).toList())),
                OptionalDouble.of(cost.coverage()), OptionalDouble.of(cost.median()), OptionalDouble.of(cost.low()),
                OptionalDouble.of(cost.high()), Optional.of(cost.verdict(limit)),
                Optional.of(new Calibration.Control(control.median(), control.low(), control.high())), stolenCpu, List.copyOf(sets));
    }

    /**
     * One fork's medians over its rounds: the cost (1 - recorded / the mean of the two unrecorded), the control
     * (1 - control / unrecorded), and the throughputs the cost compares (recorded; the mean of the two unrecorded).
     */
    record Fork(double cost, double control, double recorded, double unrecorded, long errors, Optional<Double> stolen) {
        /** From each round's requests per second, indexed by {@link Server#ordinal()}. */
        static Fork of(List<double[]> rounds, long errors, Optional<Double> stolen) {
            int on = Server.RECORDED.ordinal();
            int off = Server.UNRECORDED.ordinal();
            int control = Server.CONTROL.ordinal();
            return new Fork(median(rounds, r -> 1 - r[on] / ((r[off] + r[control]) / 2)), median(rounds, r -> 1 - r[control] / r[off]),
                    median(rounds, r -> r[on]), median(rounds, r -> (r[off] + r[control]) / 2), errors, stolen);
        }

        private static double median(List<double[]> rounds, ToDoubleFunction<double[]> value) {
            return MedianInterval.median(rounds.stream().map(value::applyAsDouble).toList());
        }
    }

    /** One set of fresh servers: warm-up, then the rounds. */
    private static Fork fork(Variant variant, List<String> serverArgs, Path dir, int fork, BufferedWriter csv) throws IOException {
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(List.of("--variant", variant.id()));
        args.addAll(serverArgs);
        List<ManagedProcess> started = new ArrayList<>();
        try (LoadClient client = new LoadClient(Server.values().length, java.time.Duration.ofSeconds(10))) {
            URI[] uris = startAll(args, dir, started);
            // Warmed up in an order that turns with the fork: none is always first or last.
            List<Server> warmUpOrder = new ArrayList<>(List.of(Server.values()));
            Collections.rotate(warmUpOrder, fork);
            long errors = 0;
            for (Server server : warmUpOrder) {
                errors += slice(client, uris[server.ordinal()], WARM_UP).errors();
            }
            Optional<StolenTime> before = StolenTime.now();
            List<double[]> rounds = new ArrayList<>();
            List<Server> order = new ArrayList<>(List.of(Server.values()));
            for (int round = 1; round <= ROUNDS_PER_FORK; round++) {
                // Every server in every position, each way round: no server always follows the same one.
                Collections.rotate(order, 1);
                List<Server> thisRound = new ArrayList<>(order);
                if (((round - 1) / order.size()) % 2 == 1) {
                    Collections.reverse(thisRound);
                }
                double[] rate = new double[order.size()];
                for (int position = 0; position < thisRound.size(); position++) {
                    Server server = thisRound.get(position);
                    Slice s = slice(client, uris[server.ordinal()], SLICE);
                    errors += s.errors();
                    rate[server.ordinal()] = s.perSecond();
                    csv.write(fork + "," + round + "," + position + "," + server.id() + "," + s.requests() + "," + s.errors() + "," + s.nanos() + "\n");
                }
                rounds.add(rate);
            }
            return Fork.of(rounds, errors, before.flatMap(b -> StolenTime.now().map(b::shareUntil)));
        } finally {
            started.forEach(ManagedProcess::close);
            Path recording = dir.resolve(RunLayout.RECORDING);
            if (Files.isRegularFile(recording)) {
                Recordings.scrubOrDelete(recording); // like a cell's; the check's figures do not depend on it
            }
        }
    }

    /**
     * Starts the three servers at once (less time than one after another, even on two cores) and returns their addresses by
     * {@link Server#ordinal()}; every one that started is in {@code started}, also when another failed.
     */
    private static URI[] startAll(List<String> args, Path dir, List<ManagedProcess> started) {
        Map<Server, Future<ManagedProcess>> starting = new EnumMap<>(Server.class);
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Server server : Server.values()) {
                Optional<Path> recording = server == Server.RECORDED ? Optional.of(dir.resolve(RunLayout.RECORDING)) : Optional.empty();
                starting.put(server, starter.submit(() -> ManagedProcess.start("server (" + server.id() + ")", ServerMain.class,
                        ServerJvm.options(recording), args, Map.of(), ManagedProcess.file(dir.resolve(server.id() + ".log")),
                        Duration.ofSeconds(60))));
            }
        }
        // The executor's close waited for every start: each future is done, and every server that started is kept
        // for stopping before any failure is thrown.
        RuntimeException failure = null;
        for (Future<ManagedProcess> start : starting.values()) {
            if (start.state() == Future.State.SUCCESS) {
                started.add(start.resultNow());
                continue;
            }
            RuntimeException cause = start.exceptionNow() instanceof RuntimeException r ? r
                    : new IllegalStateException("starting a server", start.exceptionNow());
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
        URI[] uris = new URI[Server.values().length];
        for (Server server : Server.values()) {
            uris[server.ordinal()] = ServerMain.baseUri(starting.get(server).resultNow().ready()).resolve("/");
        }
        return uris;
    }

    /**
     * The machine's CPU ticks from {@code /proc/stat} (Linux): in a virtual machine "steal" is the time the
     * hypervisor gave the CPUs to other guests, the neighbours whose load the check cannot see otherwise.
     */
    record StolenTime(long steal, long total) {
        static Optional<StolenTime> now() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < fields.length && i <= 8; i++) { // user .. steal; guest time is already in user
                    total += Long.parseLong(fields[i]);
                }
                return fields.length > 8 ? Optional.of(new StolenTime(Long.parseLong(fields[8]), total)) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** The share of all CPU time from this reading to {@code later} that was stolen. */
        double shareUntil(StolenTime later) {
            long elapsed = later.total - total;
            return elapsed > 0 ? (double) (later.steal - steal) / elapsed : 0;
        }
    }

    record Slice(long requests, long errors, long nanos) {
        double perSecond() {
            return requests * 1e9 / nanos;
        }
    }

    private static Slice slice(LoadClient client, URI uri, Duration length) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long requests = 0;
        long errors = 0;
        long now;
        do {
            if (client.get(uri)) {
                requests++;
            } else {
                errors++;
            }
            now = System.nanoTime();
        } while (now < end);
        return new Slice(requests, errors, now - start);
    }
}
