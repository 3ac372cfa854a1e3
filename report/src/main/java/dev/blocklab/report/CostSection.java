package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.Cost;
import dev.blocklab.results.ProcessCost;
import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What each cure spends: per scenario and slow-thread count, the server's CPU per request, its cores, memory and
 * threads, what the downstreams, PostgreSQL and the load generator used beside it, and whether the machine itself
 * was the limit. From {@code /proc} over the measurement windows only.
 */
final class CostSection implements Section {
    /** The processes beside the server; the database is the one the scenario calls (PostgreSQL when it calls none: it idles). */
    private static List<String> beside(Scenario scenario) {
        return List.of("downstreams", scenario.needsMariaDb() ? "mariadb" : "postgres", "client");
    }

    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        out.append("## Cost: CPU, memory and threads\n\n");
        if (run.cells().stream().allMatch(c -> c.cost().isEmpty())) {
            out.append("Not measured in this run: its harness did not yet account for each process's CPU and memory.\n\n");
            return;
        }
        out.append("Over the measurement windows only (warm-up left out), from `/proc`: CPU time of each process (user and system), "
                + "resident memory and threads sampled every 0.5 s (peaks); GC pauses from the server's JFR recording. Server CPU per request is the server's CPU time over every request "
                + "it completed in the window (slow, fast and probe), one figure per fork. Cores: CPU time over the window, 1.0 = one core busy "
                + "throughout; this machine has ").append(run.manifest().cpu().cores()).append(" cores shared by all four. The machine is called the "
                + "limit when at least ").append(Fmt.percent(Cost.SATURATED)).append(" of all cores' time was busy: the cell then measured the "
                + "machine, not the variant. PostgreSQL's backends are counted while they live; MariaDB is one process with a thread per connection.\n\n");
        for (Scenario scenario : run.scenarios()) {
            List<Cell> cells = run.mixed(scenario).stream().filter(c -> c.cost().isPresent()).toList();
            if (cells.isEmpty()) {
                continue;
            }
            out.append("### Scenario `").append(scenario.id()).append("`\n\n");
            MarkdownTable table = new MarkdownTable("variant", ">in flight", ">server CPU ms / request", ">server cores", ">server RSS peak",
                    ">server threads peak", ">server GC pauses (JFR)", ">downstreams / " + (scenario.needsMariaDb() ? "mariadb" : "postgres") + " / client cores", ">machine busy", "limit");
            for (Cell c : cells) {
                Cost cost = c.cost().orElseThrow();
                Optional<ProcessCost> server = cost.role("server");
                table.row("`" + c.variant().id() + "`", String.valueOf(c.slowThreads()), perRequest(cost.serverCpuMsPerRequest()),
                        server.map(s -> Fmt.num(s.cores())).orElse(Fmt.NONE),
                        server.flatMap(s -> s.rssPeakBytes().isPresent() ? Optional.of(Fmt.bytes(s.rssPeakBytes().getAsLong())) : Optional.empty())
                                .orElse(Fmt.NONE),
                        server.map(s -> Fmt.count(s.threadsPeak())).orElse(Fmt.NONE),
                        gcPauses(c),
                        beside(scenario).stream().map(role -> cost.role(role).map(p -> Fmt.num(p.cores())).orElse(Fmt.NONE)).collect(Collectors.joining(" / ")),
                        Fmt.percent(cost.machineBusy()), cost.limit().orElse("-"));
            }
            table.appendTo(out);
        }
    }

    /** The server's GC pause time over the window, summed over the forks' recordings, with the fork count. */
    private static String gcPauses(Cell c) {
        List<Double> forks = c.diagnoses().stream().flatMap(d -> d.gcPauseTotalMs().stream().boxed()).toList();
        return forks.isEmpty() ? Fmt.NONE : Fmt.ms(forks.stream().mapToDouble(Double::doubleValue).sum())
                + (forks.size() > 1 ? " (" + forks.size() + " forks)" : "");
    }

    /** One fork: its figure; several: their median and range. */
    private static String perRequest(List<Double> forks) {
        if (forks.isEmpty()) {
            return Fmt.NONE;
        }
        List<Double> sorted = forks.stream().sorted().toList();
        if (sorted.size() == 1) {
            return Fmt.num(sorted.getFirst());
        }
        return String.format(Locale.ROOT, "%s (%s to %s)", Fmt.num(median(sorted)), Fmt.num(sorted.getFirst()), Fmt.num(sorted.getLast()));
    }

    /** The median of the forks' figures: the fork, not the iteration, is the unit of replication. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
