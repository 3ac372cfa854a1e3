package dev.blocklab.bench;

import dev.blocklab.server.Routes;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/*
 * The floor: "GET /" alone, one thread, no slow load. What remains is the cost of the harness plus the
 * server, the figure every loaded latency is read against.
 *
 * HOW TO RUN THIS TEST:
 *   java -jar benchmarks/target/benchmarks.jar Baseline -p variant=loop-async -f 1 -wi 1 -i 3
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BaselineBenchmark {
    private URI fastUri;

    @Setup
    public void resolve(ServerUnderTest server) {
        fastUri = server.uri(Routes.FAST);
    }

    @Benchmark
    public void fast(ServerUnderTest server, Pacing pacing) {
        server.call(ServerUnderTest.Member.FAST, fastUri);
    }
}
