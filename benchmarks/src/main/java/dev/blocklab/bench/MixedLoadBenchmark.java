package dev.blocklab.bench;

import dev.blocklab.server.Routes;
import dev.blocklab.vocabulary.Scenario;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/*
 * The seed's experiment, as a JMH benchmark.
 *
 * A FastAPI app has two endpoints: "GET /" answers a constant, and a slow one calls `requests.get` (or a
 * sync database driver) inside an `async def` handler. While a few slow requests are in flight, "GET /"
 * stops answering: the blocking call holds the event loop, and the trivial endpoint waits behind it.
 *
 * Hypothesis: on the JVM the same happens to an Undertow server that calls blocking clients on its IO
 * thread (variant loop-blocking): the fast endpoint's latency grows with the slow load, up to the slow
 * delay times the number of slow requests queued per IO thread. Every cure keeps it flat: a platform
 * pool (until the pool is exhausted), a virtual thread per request, offloading the blocking call to an
 * executor, or async clients on the loop.
 *
 * The load is asymmetric, like JMHSample_15_Asymmetric:
 *   a) the group "mixed" has two members: "slow" threads keep requests to /io/<scenario>?ms=<delayMs> in
 *      flight, one "fast" thread probes "GET /";
 *   b) JMH's -tg overrides how many threads each member gets: -tg 1,16 is one fast thread and 16 slow
 *      ones (members are ordered by name: fast, then slow), so the slow concurrency is a run-time sweep;
 *   c) Mode.SampleTime gives each member its latency distribution (p50 ... p99.9, max); the fast thread
 *      is paced (Pacing, at most one request per 10 ms by default, the wait left out of the timing) so that
 *      it observes the server instead of loading a small machine;
 *   d) ServerUnderTest starts the variant in its own JVM per trial, recorded with JFR, counts outcomes
 *      (throughput = successes / measured time; errors are counted, never averaged in) and runs an
 *      open-loop probe of "GET /" at a constant rate beside JMH's closed loop.
 *
 * HOW TO RUN THIS TEST:
 *
 *   ./scripts/run-all.sh --profile smoke      (the runner: every variant, verification, results folder)
 *
 * or by hand, with every JMH option (downstreams are then started by each fork):
 *
 *   java -jar benchmarks/target/benchmarks.jar MixedLoad -p variant=loop-blocking,loop-async \
 *       -p scenario=http -p delayMs=100 -tg 1,16 -f 1 -wi 1 -w 5s -i 3 -r 5s -rf json
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MixedLoadBenchmark {
    /** Members are ordered by name in JMH's thread-group list: "fast" first, "slow" second. */
    public static final int FAST_GROUP_INDEX = 0;
    public static final int SLOW_GROUP_INDEX = 1;

    @Param({"http", "db", "mixed"})
    public String scenario;

    @Param({"100"})
    public int delayMs;

    private URI slowUri;
    private URI fastUri;

    @Setup
    public void resolve(ServerUnderTest server) {
        slowUri = server.uri(Scenario.fromId(scenario).path() + "?ms=" + delayMs);
        fastUri = server.uri(Routes.FAST);
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(4)
    public void slow(ServerUnderTest server) {
        server.call(ServerUnderTest.Member.SLOW, slowUri);
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public void fast(ServerUnderTest server, Pacing pacing) {
        server.call(ServerUnderTest.Member.FAST, fastUri);
    }
}
