package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.bench.PySpySampler;
import dev.blocklab.bench.ServerLauncher;
import dev.blocklab.downstream.DownstreamsMain;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.results.Diagnosis;
import dev.blocklab.results.RunLayout;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The FastAPI edition, started as the harness starts it (the virtual environment the scripts install, uvicorn, the real
 * downstreams): the same routes and bodies as the JVM server, the same errors, the seed's stall, and no orphan.
 */
class FastApiEditionTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path LOGS = Path.of("target", "test-logs");
    private static ManagedProcess downstreams;

    @BeforeAll
    static void startDownstreams() {
        assertEquals(java.util.Optional.empty(), ServerLauncher.unavailable(Edition.FASTAPI),
                "the FastAPI edition must be installed for these tests (./scripts/test.sh installs it)");
        downstreams = ManagedProcess.start("downstreams", DownstreamsMain.class, List.of(), List.of(), Map.of(),
                ManagedProcess.file(LOGS.resolve("fastapi-downstreams.log")), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopDownstreams() {
        if (downstreams != null) {
            downstreams.close();
        }
    }

    private static List<String> serverArgs() {
        return ServerMain.downstreamArgs(downstreams.ready());
    }

    private static ManagedProcess start(Variant variant, List<String> args) {
        return ServerLauncher.start("server " + variant.id(), variant, args, List.of(),
                ManagedProcess.file(LOGS.resolve("fastapi-" + variant.id() + ".log")));
    }

    private static HttpResponse<String> get(ManagedProcess server, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(ServerMain.baseUri(server.ready()).resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyVariantAnswersTheJvmServersBodiesByteForByte() {
        List<Variant> variants = new ArrayList<>(List.of(Variant.LOOP_ASYNC, Variant.LOOP_BLOCKING));
        variants.addAll(Variant.of(Edition.FASTAPI));
        List<Scenario> served = List.of(Scenario.values()).stream().filter(Edition.FASTAPI::serves).toList();
        for (Verification.Outcome outcome : Verification.verify(variants, served, serverArgs(), List.of("--db-pool=4"), LOGS)) {
            assertTrue(outcome.passed(), outcome.variant() + ": " + outcome.failure().orElse(""));
            assertEquals(2 + served.size(), outcome.bodies().size(), outcome.variant() + " answered every route");
        }
    }

    @Test
    void badRequestsAndUnknownRoutesGetTheJvmServersErrors() throws Exception {
        List<String> paths = List.of("/io/http", "/io/http?ms=abc", "/io/db?ms=-1", "/io/sleep?ms=60001", "/nowhere");
        try (ManagedProcess jvm = start(Variant.LOOP_ASYNC, serverArgs());
                ManagedProcess python = start(Variant.PY_ASYNC_NATIVE, serverArgs())) {
            for (String path : paths) {
                HttpResponse<String> expected = get(jvm, path);
                HttpResponse<String> actual = get(python, path);
                assertEquals(expected.statusCode(), actual.statusCode(), path);
                assertEquals(expected.body(), actual.body(), path);
            }
        }
    }

    /** An unreachable downstream is a JSON error in time, on every variant: 502 for the HTTP service, 503 for PostgreSQL. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_ALL, names = "PY_.*")
    void unreachableDownstreamsAnswerJsonErrors(Variant variant) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        List<String> args = List.of("--slow-url", "http://127.0.0.1:" + closed, "--db-url", "jdbc:postgresql://127.0.0.1:" + closed + "/postgres",
                "--db-user", "postgres", "--timeout-slack-ms=2000");
        try (ManagedProcess server = start(variant, args)) {
            HttpResponse<String> http = get(server, "/io/http?ms=10");
            assertEquals(502, http.statusCode(), http.body());
            assertTrue(http.body().startsWith("{\"error\":\"slow HTTP service failed: "), http.body());
            HttpResponse<String> db = get(server, "/io/db?ms=10");
            assertEquals(503, db.statusCode(), db.body());
            assertTrue(db.body().startsWith("{\"error\":\"PostgreSQL "), db.body());
        }
    }

    /**
     * The seed's claim, with wide margins: eight slow requests in flight, then {@code GET /}. {@code py-async-blocking}'s loop
     * answers it only after the slow calls it is stuck in (at least 150 ms); every other variant in under 100 ms.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, mode = EnumSource.Mode.MATCH_ALL, names = "PY_.*")
    void onlyTheBlockedLoopStallsTheFastEndpoint(Variant variant) throws Exception {
        try (ManagedProcess server = start(variant, serverArgs())) {
            URI base = ServerMain.baseUri(server.ready());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, get(server, "/").statusCode());
                assertEquals(200, get(server, "/io/http?ms=1").statusCode());
            }
            List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, 8)
                    .mapToObj(i -> CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve("/io/http?ms=300")).build(), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            Thread.sleep(100);
            long start = System.nanoTime();
            assertEquals(200, get(server, "/").statusCode());
            long probeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            slow.forEach(call -> assertEquals(200, call.join().statusCode()));
            if (variant == Variant.PY_ASYNC_BLOCKING) {
                assertTrue(probeMs >= 150, "a blocked loop answered / in " + probeMs + " ms");
            } else {
                assertTrue(probeMs < 100, variant + " answered / in " + probeMs + " ms under slow load");
            }
        }
    }

    /**
     * What blocked the loop, named by py-spy as JFR names it on the JVM, with wide margins: with eight slow calls in flight
     * throughout, {@code py-async-blocking}'s loop waits inside {@code requests} for most of the window, while
     * {@code py-async-native}'s hardly waits at all (its route code runs on a CPU between awaits).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, names = {"PY_ASYNC_BLOCKING", "PY_ASYNC_NATIVE"})
    void pySpyNamesWhatBlockedTheLoop(Variant variant, @TempDir Path dir) throws Exception {
        try (ManagedProcess server = start(variant, serverArgs())) {
            URI base = ServerMain.baseUri(server.ready());
            assertEquals(200, get(server, "/io/http?ms=1").statusCode());
            AtomicBoolean loading = new AtomicBoolean(true);
            List<Thread> load = IntStream.range(0, 8).mapToObj(i -> Thread.ofPlatform().start(() -> {
                while (loading.get()) {
                    try {
                        CLIENT.send(HttpRequest.newBuilder(base.resolve("/io/http?ms=100")).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        return;
                    }
                }
            })).toList();
            Path all = dir.resolve(RunLayout.PY_SPY_SAMPLES);
            Path onCpu = dir.resolve(RunLayout.PY_SPY_ON_CPU);
            Thread.sleep(500);
            try (PySpySampler sampler = PySpySampler.start(server.pid(), Duration.ofSeconds(3), all, onCpu, dir.resolve(RunLayout.PY_SPY_LOG))
                    .orElseThrow(() -> new AssertionError("py-spy is installed with the edition and must start"))) {
                assertEquals(2, sampler.handles().size());
                Thread.sleep(3000); // the window; closing stops the samplers, which then write their files
            } finally {
                loading.set(false);
            }
            for (Thread t : load) {
                t.join(Duration.ofSeconds(30));
            }
            String log = Files.readString(dir.resolve(RunLayout.PY_SPY_LOG));
            // A machine that forbids attaching to another process (no root, Yama's ptrace_scope, a container without
            // CAP_SYS_PTRACE) cannot be sampled at all: the harness then reports "not sampled"; nothing here to check.
            Assumptions.assumeFalse(!Files.isRegularFile(all) && (log.contains("Permission denied") || log.contains("Operation not permitted")),
                    "py-spy may not attach to a process here: " + log.lines().filter(l -> l.contains("ermi")).findFirst().orElse(""));
            assertTrue(Files.isRegularFile(all) && Files.isRegularFile(onCpu), "py-spy wrote both files: " + log);
            Diagnosis d = PySpySummary.read(all, onCpu, "fork-1", 0);
            assertTrue(d.windowMs() >= 2000, "the loop thread was sampled for the window: " + d.windowMs() + " ms");
            double blocked = d.loopBlockedFraction().orElseThrow();
            if (variant == Variant.PY_ASYNC_BLOCKING) {
                assertTrue(blocked >= 0.5, "the blocked loop waited in route code " + blocked + " of the window");
                assertTrue(d.topFrame().call().contains("requests/"), "the call it waited in is requests': " + d.topFrame());
            } else {
                assertTrue(blocked < 0.2, "the async loop waited in route code " + blocked + " of the window: " + d.topFrame());
            }
        }
    }

    /** The server goes with the process that started it, even one killed with SIGKILL: no uvicorn is left behind. */
    @Test
    void theServerStopsWhenItsLauncherIsKilled() throws Exception {
        Path pidFile = Files.createTempFile("blocklab-fastapi", ".pid");
        try {
            String python = System.getenv(ServerLauncher.FASTAPI_PYTHON_ENV);
            String app = System.getenv(ServerLauncher.FASTAPI_APP_ENV);
            List<String> server = new ArrayList<>(List.of(python, app, "--variant", Variant.PY_SYNC_DEF.id(), "--parent-pid", "$$"));
            server.addAll(ServerLauncher.shared(serverArgs()));
            // A shell that starts the server, writes its pid, and waits: SIGKILLed, it cannot pass anything on.
            String script = String.join(" ", server.stream().map(a -> a.equals("$$") ? a : "'" + a + "'").toList())
                    + " >/dev/null 2>&1 & echo $! > '" + pidFile + "'; wait";
            Process launcher = new ProcessBuilder("bash", "-c", script).start();
            long pid = awaitPid(pidFile);
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
            Thread.sleep(1000);
            assertTrue(handle.isAlive(), "the server runs while its launcher does");
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            handle.onExit().get(15, TimeUnit.SECONDS);
            assertFalse(handle.isAlive());
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }

    private static long awaitPid(Path pidFile) throws Exception {
        for (int i = 0; i < 100; i++) {
            String text = Files.readString(pidFile).strip();
            if (!text.isEmpty()) {
                return Long.parseLong(text);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the launcher wrote no pid");
    }
}
