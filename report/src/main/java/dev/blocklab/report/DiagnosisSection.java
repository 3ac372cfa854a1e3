package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.Diagnosis;
import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the server JVMs' flight recordings say, per scenario (rows = variants), from each cell's
 * {@code analysis.json}. A cell without one says so; no value is ever filled in.
 */
final class DiagnosisSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        out.append("## Diagnosis from JFR and py-spy\n\n");
        out.append("From the server JVM's recording over the measurement window. Event-loop blocked = time the loop threads spent "
                + "in blocking events (socket and file I/O, monitor waits, parks, sleeps) / (window × loop threads): the median of every fork's "
                + "recording, with their range when there are several. The top blocking call is named only where the loop was blocked at least "
                + Fmt.percent(VerdictSection.BLOCKED) + " of the window; below that, the longest waits are descheduling and short writes, not a "
                + "finding. The other columns are the first fork's. CPU is the JVM's user + system share of the machine; allocation is "
                + "estimated from JFR's allocation samples.\n\n");
        if (run.cells().stream().anyMatch(c -> !c.variant().edition().recordedWithJfr() && !c.isBaseline())) {
            out.append("FastAPI variants, where no JFR sees: py-spy samples the uvicorn process ").append(Diagnosis.PY_SPY_RATE).append(" times a second "
                    + "from outside (never pausing it) with two samplers, one keeping every sample and one only threads on a CPU. Event-loop "
                    + "blocked = the main thread's (the loop's) samples inside route code, less those on a CPU, over all its samples: time the "
                    + "loop waited in a route's call. The top blocking call is the program's deepest frame and the library call it waited in, "
                    + "in samples (" + Fmt.ms(1000.0 / Diagnosis.PY_SPY_RATE) + " each). A route that computes holds the loop too but is not counted, as JFR's blocking events do not "
                    + "count it. py-spy's own CPU is the `profiler` process: ").append(profilerCores(run)).append(".\n\n");
        }
        Set<String> notes = new LinkedHashSet<>();
        boolean any = false;
        for (Scenario scenario : run.scenarios()) {
            out.append("### Scenario `").append(scenario.id()).append("`\n\n");
            MarkdownTable table = new MarkdownTable("variant", ">in flight", ">event loop blocked", "top blocking call on the event loop",
                    ">peak platform threads", ">virtual threads started", ">virtual threads pinned", ">CPU (JVM)", ">CPU (machine)", ">GC pauses",
                    ">allocation");
            for (Cell c : run.mixed(scenario)) {
                String variant = "`" + c.variant().id() + "`";
                String threads = String.valueOf(c.slowThreads());
                if (c.diagnosis().isEmpty()) {
                    String why = !c.status().measured() ? "not measured (" + c.status().label() + ")"
                            : !c.variant().edition().recordedWithJfr() ? "not sampled: py-spy was not available or could not attach (the fork's pyspy.log says why)"
                            : "not available in this run (no analysis.json)";
                    table.row(variant, threads, Fmt.NONE, why, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE);
                    continue;
                }
                any = true;
                Diagnosis d = c.diagnosis().orElseThrow();
                table.row(variant, threads, blockedOverForks(c), topCall(d, c), Fmt.count(d.peakPlatformThreads()),
                        recorded(d.virtualStarted().isPresent() ? String.valueOf(d.virtualStarted().getAsLong()) : null),
                        recorded(d.virtualPinned().isPresent() ? String.valueOf(d.virtualPinned().getAsLong()) : null),
                        Fmt.percent(d.cpuJvm()), Fmt.percent(d.cpuMachine()), gc(d),
                        d.allocationBytesPerSecond().isPresent() ? Fmt.bytes(d.allocationBytesPerSecond().getAsDouble()) + "/s" : Fmt.NONE);
                if (!d.missingEvents().isEmpty()) {
                    notes.add("Not recorded, so shown as \"not recorded\": " + String.join(", ", d.missingEvents().stream().map(e -> "`" + e + "`").toList()) + ".");
                }
                if (!d.warnings().isEmpty()) {
                    notes.add("The analysis warns: " + String.join("; ", d.warnings()) + ".");
                }
            }
            table.appendTo(out);
        }
        if (!any) {
            out.append("No cell of this run has a JFR analysis (`fork-N/analysis.json`) or py-spy's samples: the diagnosis is not available in this run.\n\n");
        }
        for (String note : notes) {
            out.append("- ").append(note).append('\n');
        }
        if (!notes.isEmpty()) {
            out.append('\n');
        }
    }

    /** py-spy's cores per sampled cell: the range over the run's FastAPI cells. */
    private static String profilerCores(Run run) {
        // A fork whose py-spy never started has the role at zero: not a figure of py-spy's cost.
        List<Double> cores = run.cells().stream().flatMap(c -> c.cost().flatMap(cost -> cost.role("profiler")).stream())
                .filter(p -> p.cpuMs() > 0).map(p -> p.cores()).sorted().toList();
        return cores.isEmpty() ? "not measured in this run"
                : cores.getFirst().equals(cores.getLast()) ? Fmt.num(cores.getFirst()) + " cores"
                : Fmt.num(cores.getFirst()) + " to " + Fmt.num(cores.getLast()) + " cores per cell";
    }

    private static String recorded(String value) {
        return value == null ? "not recorded" : value;
    }

    private static String gc(Diagnosis d) {
        if (d.gcPauses().isEmpty()) {
            return Fmt.NONE;
        }
        long n = d.gcPauses().getAsLong();
        return n == 0 ? "0" : String.format(Locale.ROOT, "%d, %s", n, Fmt.ms(d.gcPauseTotalMs().orElse(Double.NaN)));
    }

    /** The forks' median share of the window the loop was blocked, and their range when they differ. */
    private static String blockedOverForks(Cell c) {
        List<Double> forks = c.diagnoses().stream().flatMap(d -> d.loopBlockedFraction().stream().boxed()).sorted().toList();
        if (forks.isEmpty()) {
            return Fmt.NONE;
        }
        String median = Fmt.percent(c.loopBlocked().orElseThrow());
        String low = Fmt.percent(forks.getFirst());
        String high = Fmt.percent(forks.getLast());
        return low.equals(high) ? median : median + " (" + low + "–" + high + ")";
    }

    private static String topCall(Diagnosis d, Cell c) {
        Diagnosis.TopFrame f = d.topFrame();
        if (!f.present()) {
            return d.loopThreads().isEmpty() ? "no event-loop threads found" : "none";
        }
        if (c.loopBlocked().orElse(0) < VerdictSection.BLOCKED) {
            return "no blocking found";
        }
        return frame(f) + String.format(Locale.ROOT, " (%s, %d×, %s)", f.event(), f.count(), Fmt.ms(f.totalMs()));
    }

    /** "`BlockingBackend.get:71` → `CloseableHttpClient.execute`": the application frame, then the library call. */
    static String frame(Diagnosis.TopFrame f) {
        List<String> parts = new ArrayList<>();
        if (!f.application().isEmpty() && !f.application().equals("(none)")) {
            parts.add("`" + shortName(f.application()) + "`");
        }
        if (f.call().equals("(none)")) {
            parts.add("the JDK directly"); // no library between the application and the JDK (a FileChannel read, say)
        } else if (!f.call().isEmpty() && !f.call().equals(f.application())) {
            parts.add("`" + shortName(f.call()) + "`");
        }
        return parts.isEmpty() ? "`" + f.event() + "`" : String.join(" → ", parts);
    }

    /** {@code org.apache.hc.client5.http.impl.classic.CloseableHttpClient.execute} -> {@code CloseableHttpClient.execute}. */
    static String shortName(String frame) {
        int method = frame.lastIndexOf('.', frame.indexOf(':') < 0 ? frame.length() : frame.indexOf(':'));
        if (method <= 0) {
            return frame;
        }
        int cls = frame.lastIndexOf('.', method - 1);
        return frame.substring(cls + 1);
    }
}
