package dev.blocklab.report;

import dev.blocklab.results.RunManifest;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the numbers were made: the variants, the load model, JMH's settings, what was recorded. */
final class MethodologySection implements Section {
    private static final Map<Variant, String> WHAT = Map.of(
            Variant.PLATFORM, "the handler runs on a bounded pool of platform threads and calls blocking clients (pgjdbc + HikariCP, Apache HttpClient): FastAPI's plain `def`.",
            Variant.VIRTUAL, "the handler runs on a new virtual thread per request and calls the same blocking clients.",
            Variant.LOOP_BLOCKING, "the handler runs on the XNIO IO thread (the event loop) and calls the blocking clients there: the anti-pattern, `async def` calling `requests`.",
            Variant.LOOP_OFFLOAD, "the handler runs on the IO thread and hands each blocking call to a bounded executor: `run_in_executor`.",
            Variant.LOOP_ASYNC, "the handler runs on the IO thread with async clients (async-http-client, vertx-pg-client): the loop never blocks.",
            Variant.PY_ASYNC_BLOCKING, "FastAPI: an `async def` path operation calling `requests` and psycopg on uvicorn's event loop: the seed's experiment.",
            Variant.PY_ASYNC_OFFLOAD, "FastAPI: `async def` handing the same blocking call to the loop's default executor (`run_in_executor`, min(32, cores + 4) threads).",
            Variant.PY_ASYNC_NATIVE, "FastAPI: `async def` with `httpx.AsyncClient` and `asyncpg`.",
            Variant.PY_SYNC_DEF, "FastAPI: a plain `def` path operation with the blocking clients, on FastAPI's thread pool (anyio's limiter, 40 threads by default).");

    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        RunManifest m = context.run().manifest();
        out.append("## Methodology\n\n");
        out.append(context.run().variants().stream().anyMatch(v -> v.edition() != Edition.JVM)
                ? "One Undertow server program, and the FastAPI edition (`editions/fastapi`, on uvicorn, the same routes and bodies,"
                        + " checked before measuring); the variant is chosen at start:\n\n"
                : "One Undertow server program; the variant is chosen at start:\n\n");
        for (Variant variant : context.run().variants()) {
            out.append("- `").append(variant.id()).append("`: ").append(WHAT.get(variant)).append('\n');
        }
        out.append("\nThe slow routes, `/io/<scenario>?ms=D`:\n\n");
        for (Scenario scenario : Scenario.values()) {
            out.append("- `").append(scenario.id()).append("`: ").append(scenario.description()).append(".\n");
        }
        out.append('\n');
        if (m.parameters().slowLoad().equals("open")) {
            out.append(String.format(Locale.ROOT, "**Load.** N slow requests in flight are offered as an open model: a generator inside each "
                    + "JMH fork (async-http-client on Netty, one pacer thread) sends `/io/<scenario>?ms=D` at a constant rate λ = N / D, whether "
                    + "or not earlier requests have been answered, and times each from its due time (coordinated omission corrected, as wrk2 "
                    + "does). Two cores cannot serve thousands a second, so a level whose N / D would exceed %d requests/s waits longer "
                    + "instead: D = max(%d ms, N / %d/s), so thousands in flight stay thousands in flight (D per level: %s). A server that "
                    + "falls behind meets the generator's cap of %s requests in flight: arrivals beyond it are not sent and are "
                    + "counted (its wait is then partly the cap's size; the verdict, stalled or not, is the server's). The generator checks "
                    + "itself: a cell whose generator handed 1%% of its requests to the engine later than max(%.0f ms, D/10) is marked "
                    + "`harness-limited`, because then the generator, not only the server, set the pace. JMH still drives the cell: its one "
                    + "`fast` thread requests `GET /` in a closed loop, paced (a fixed interval, `fastIntervalUs` in `jmh.json`) so that "
                    + "it probes rather than loads, and an open-loop probe sends `GET /` at %d requests/s timed from each "
                    + "intended start; the difference between the two is the part of a stall a closed loop hides. Every request has a budget "
                    + "(5 s, plus D for a slow one): one unanswered by then counts as failed, so a stalled server is measured, not waited out. "
                    + "The server runs in its own JVM, never in the load generator's; but the generator, the slow HTTP service, PostgreSQL and "
                    + "the server share this machine's cores, so milliseconds of waiting for a CPU show in every latency.%n%n",
                    m.parameters().maxRate().orElse(0), m.parameters().delayMs(), m.parameters().maxRate().orElse(0), VerdictSection.delays(context.run()),
                    dev.blocklab.results.OpenLoad.CAP_RULE,
                    dev.blocklab.results.OpenLoad.MIN_LAG_MS, m.parameters().probeRate()));
        } else {
            out.append(String.format(Locale.ROOT, "**Load.** Each cell is one JMH asymmetric `@Group`: N `slow` threads keep requests to "
                    + "`/io/<scenario>?ms=%d` in flight while one `fast` thread requests `GET /`. Both are closed loops: a thread sends its next "
                    + "request only when the previous one has answered, so when the server stalls the fast thread simply sends less and records "
                    + "one long sample instead of many (coordinated omission). Alongside, an open-loop probe sends `GET /` at a constant %d "
                    + "requests/s and measures each latency from the request's intended start, as wrk2 does; the difference between the two is "
                    + "the part of a stall a closed loop hides. The fast thread is paced (a fixed interval between its requests, "
                    + "`fastIntervalUs` in each cell's `jmh.json`) so that it probes rather than loads: its requests/s are that pace, not the "
                    + "server's capacity, and its p50 includes waking from idle; the calibration measures the unpaced floor. The server runs "
                    + "in its own JVM, never in the load generator's; but the load generator, the slow HTTP service, PostgreSQL and the server "
                    + "share this machine's cores, so milliseconds of waiting for a CPU show in every latency.%n%n",
                    m.parameters().delayMs(), m.parameters().probeRate()));
        }
        out.append(String.format(Locale.ROOT, "**JMH.** %s; warm-up %s; measurement %s; load generator JVM `%s`, server JVM `%s`. "
                + "Slow requests in flight: %s. Server options: `%s`.%s%n%n", forks(m.parameters()), m.parameters().warmup(), m.parameters().measurement(),
                String.join(" ", m.jvmOptions().getOrDefault("harness", java.util.List.of())),
                String.join(" ", m.jvmOptions().getOrDefault("server", java.util.List.of())),
                m.parameters().concurrency().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
                String.join(" ", m.parameters().serverOptions()), singleForkReason(m.parameters())));
        long recordings = context.run().cells().stream().mapToLong(c -> c.recordings().size()).sum();
        List<String> recording = m.jvmOptions().getOrDefault("recording", List.of());
        out.append("**Recorded.** Each server JVM is recorded with JFR for its whole trial (")
                .append(recording.isEmpty() ? "blocklab's recording settings of that commit"
                        : "`" + recording.getFirst() + "` plus " + (recording.size() - 1) + " overrides listed under Environment")
                .append(": 1 ms thresholds on the blocking events, which an event loop must never wait in), with two events of blocklab's own: one per "
                        + "slow call the server finished (`blocklab.SlowCall`; a call counts when it ends in the window and succeeded, whether or not "
                        + "its client still waited for the answer, so a server that did its pool's work too late to count shows both) and one per wait for a database connection "
                        + "(`blocklab.ConnectionWait`, HikariCP's or Vert.x's pool); and analysed over the measurement window only (").append(recordings)
                .append(" recording(s) listed in this run's cells). Recordings are scrubbed of the events that can carry secrets (environment "
                        + "variables, system properties, process command lines, JVM information) before they are kept, then analysed into "
                        + "`fork-N/analysis.json`. " + (context.run().cells().stream().anyMatch(c -> !c.variant().edition().recordedWithJfr())
                                ? "A FastAPI server is sampled by py-spy instead, over the measurement window, from outside the process "
                                + "(`fork-N/server.pyspy.txt` and `server.pyspy-oncpu.txt`: Python stacks, no variables). " : "")
                        + "Every verified route, the JMH JSON, the probe's HdrHistogram logs and every process's log are "
                        + "kept beside them. A cell with more than 1% failed requests is marked `errors`, never averaged in silently.\n\n");
        out.append("**Comparisons** (with `--baseline`): slow throughput and the fast endpoint's JMH mean are compared with Welch's t-test "
                + "over per-fork means (the fork is the unit of replication: iterations within one share its JIT and heap, so they are "
                + "not independent; throughput per iteration = slow threads / mean latency, Little's law in a closed loop), two-sided, "
                + "α = 0.01, and not tested with one fork per run; the open model keeps no per-iteration samples of its slow "
                + "route yet, so its slow throughput is shown side by side, not tested. The probe's p99 and p99.9 are compared through 99% "
                + "distribution-free confidence intervals (order statistics of the merged histogram): disjoint intervals are a "
                + "significant change. JMH's own percentiles are shown, not tested: its JSON keeps per-iteration histograms only for the "
                + "group as a whole, not per route.\n\n");
    }

    /** "2 fork(s) per cell", with "(1 from 4096 in flight and for `mariadb`, `cpu`)" where the profile gives some cells one. */
    static String forks(dev.blocklab.results.RunManifest.Parameters p) {
        List<String> single = new java.util.ArrayList<>();
        p.singleForkFrom().ifPresent(level -> single.add("from " + Fmt.num(level) + " in flight"));
        if (!p.singleForkScenarios().isEmpty()) {
            single.add("for " + p.singleForkScenarios().stream().map(s -> "`" + s + "`").collect(java.util.stream.Collectors.joining(", ")));
        }
        return p.forks() + " fork(s) per cell" + (single.isEmpty() ? "" : " (1 " + String.join(" and ", single) + ")");
    }

    /** Why some cells have one fork, where some do. */
    static String singleForkReason(dev.blocklab.results.RunManifest.Parameters p) {
        if (p.singleForkFrom().isEmpty() && p.singleForkScenarios().isEmpty()) {
            return "";
        }
        return " One fork " + (p.singleForkFrom().isPresent() ? "from " + Fmt.num(p.singleForkFrom().getAsInt()) + " in flight, where a fork "
                + "takes a minute or more (two route times of ramp, the window, a route time of drain)" : "")
                + (p.singleForkFrom().isPresent() && !p.singleForkScenarios().isEmpty() ? ", and " : "")
                + (p.singleForkScenarios().isEmpty() ? "" : "for the scenarios beside the sweep")
                + ", to keep the run within the hour: such a cell has no range over forks and no test against another run.";
    }
}
