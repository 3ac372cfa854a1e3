package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.Cost;
import dev.blocklab.results.ProcessCost;
import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.Edition;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seed's own experiment, measured: each FastAPI variant beside the JVM variant on the same two axes (where the handler
 * runs, how the slow call is made), cell by cell of the same run. Absent when the run has no FastAPI cell.
 */
final class FastApiSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        List<Cell> python = run.cells().stream().filter(c -> c.variant().edition() == Edition.FASTAPI && !c.isBaseline()).toList();
        if (python.isEmpty()) {
            return;
        }
        out.append("## The seed's experiment in FastAPI, beside the JVM\n\n");
        out.append("The FastAPI edition (`editions/fastapi`: FastAPI on uvicorn with uvloop, CPython; versions pinned in its lock file) "
                + "serves the same routes with the same bodies (checked before measuring), against the same downstreams, under the same "
                + "load and probe; each row pairs a FastAPI variant with the JVM variant on the same two axes. FastAPI's pools are its "
                + "libraries' defaults: a plain `def` runs on anyio's 40 threads, `run_in_executor` on the default executor's min(32, "
                + "cores + 4). What held its loop is sampled by py-spy (see the diagnosis, folded below the measurements).\n\n");
        for (Scenario scenario : run.scenarios()) {
            for (int level : python.stream().filter(c -> c.scenario().orElseThrow() == scenario).map(Cell::slowThreads).distinct().sorted().toList()) {
                appendLevel(out, run, scenario, level);
            }
        }
    }

    private static void appendLevel(StringBuilder out, Run run, Scenario scenario, int level) {
        List<Cell> cells = run.mixed(scenario).stream().filter(c -> c.slowThreads() == level).toList();
        out.append("### `").append(scenario.id()).append("` at ").append(level).append(" in flight\n\n");
        MarkdownTable table = new MarkdownTable("FastAPI", ">`GET /` p99", ">slow req/s (of bound)", ">server CPU ms / request",
                ">server RSS peak", "JVM", ">`GET /` p99", ">slow req/s (of bound)", ">server CPU ms / request", ">server RSS peak");
        for (Variant variant : Variant.of(Edition.FASTAPI)) {
            Optional<Cell> py = find(cells, variant);
            Optional<Variant> jvm = variant.counterpartIn(Edition.JVM);
            Optional<Cell> twin = jvm.flatMap(v -> find(cells, v));
            if (py.isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of("`" + variant.id() + "`"));
            row.addAll(figures(py.get(), run));
            row.add(jvm.map(v -> "`" + v.id() + "`").orElse(Fmt.NONE));
            row.addAll(twin.map(c -> figures(c, run)).orElse(List.of("not measured", Fmt.NONE, Fmt.NONE, Fmt.NONE)));
            table.row(row.toArray(String[]::new));
        }
        table.appendTo(out);
        claim(cells).ifPresent(sentence -> out.append(sentence).append("\n\n"));
        oneCoreBound(cells).ifPresent(sentence -> out.append(sentence).append("\n\n"));
    }

    /**
     * The FastAPI servers that used a whole core: CPython runs Python code on one core at a time (the GIL), so such a server
     * was its own limit, whatever the machine's other core did; the machine-wide rule (all cores busy) does not see it.
     */
    private static Optional<String> oneCoreBound(List<Cell> cells) {
        List<String> bound = new ArrayList<>();
        for (Cell c : cells) {
            if (c.variant().edition() != Edition.FASTAPI) {
                continue;
            }
            c.cost().flatMap(k -> k.role("server")).filter(s -> s.cores() >= Cost.SATURATED).ifPresent(s -> bound.add("`" + c.variant().id() + "` "
                    + Fmt.num(s.cores()) + " cores" + c.cost().map(Cost::machineBusy).filter(java.util.OptionalDouble::isPresent)
                            .map(m -> " (machine " + Fmt.percent(m.getAsDouble()) + " busy)").orElse("")));
        }
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("One core was the limit of " + String.join(", ", bound) + ": CPython runs Python code on one core at a time (the GIL), "
                + "so a server at " + Fmt.percent(Cost.SATURATED) + " of a core or more had no more to give, whatever the other core did.");
    }

    /** The seed's claim at this level: the anti-pattern's {@code GET /} p99 against the async-native cure's. */
    private static Optional<String> claim(List<Cell> cells) {
        Optional<Cell> blocking = find(cells, Variant.PY_ASYNC_BLOCKING);
        Optional<Cell> nativeCure = find(cells, Variant.PY_ASYNC_NATIVE);
        if (blocking.isEmpty() || nativeCure.isEmpty()) {
            return Optional.empty();
        }
        double stalled = FindingsSection.probeP99(blocking.get());
        double cured = FindingsSection.probeP99(nativeCure.get());
        if (Double.isNaN(stalled) || Double.isNaN(cured) || cured <= 0) {
            return Optional.empty();
        }
        if (FindingsSection.stalled(nativeCure.get())) {
            // Past the cure's own limit the ratio says nothing of the loop: both wait out the same budget.
            return Optional.of("`py-async-blocking` and `py-async-native` both stalled here (" + Fmt.ms(stalled) + " and " + Fmt.ms(cured)
                    + "): past the async cure's own limit, the seed's comparison no longer applies.");
        }
        return Optional.of("`py-async-blocking`'s `GET /` p99 is " + Fmt.times(stalled / cured) + " `py-async-native`'s (" + Fmt.ms(stalled)
                + " against " + Fmt.ms(cured) + "): " + (stalled / cured >= 10 ? "the seed's claim, measured." : "less than the seed's tenfold."));
    }

    private static List<String> figures(Cell c, Run run) {
        if (!c.status().servers()) {
            return List.of(c.status().label(), Fmt.NONE, Fmt.NONE, Fmt.NONE);
        }
        String probe = VerdictSection.probe(c, run);
        String slow = c.slow().map(r -> Fmt.num(r.throughput()) + c.efficiency().stream().mapToObj(e -> " (" + Fmt.percent(e) + ")").findFirst().orElse(""))
                .orElse(Fmt.NONE);
        Optional<Cost> cost = c.cost();
        String cpu = cost.filter(k -> !k.serverCpuMsPerRequest().isEmpty()).map(k -> Fmt.num(CostSection.median(k.serverCpuMsPerRequest()))).orElse(Fmt.NONE);
        String rss = cost.flatMap(k -> k.role("server")).map(ProcessCost::rssPeakBytes).filter(r -> r.isPresent())
                .map(r -> Fmt.bytes(r.getAsLong())).orElse(Fmt.NONE);
        return List.of(probe, slow, cpu, rss);
    }

    private static Optional<Cell> find(List<Cell> cells, Variant variant) {
        return cells.stream().filter(c -> c.variant() == variant).findFirst();
    }
}
