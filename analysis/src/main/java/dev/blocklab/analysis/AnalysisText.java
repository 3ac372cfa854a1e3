package dev.blocklab.analysis;

import dev.blocklab.analysis.Analysis.EventLoop;
import dev.blocklab.analysis.Analysis.MetricValue;
import dev.blocklab.analysis.Analysis.StackRow;
import java.util.List;
import java.util.Locale;

/** The summary a person reads: one section per question, tables, numbers in {@link Locale#ROOT}. */
public final class AnalysisText {
    private AnalysisText() {}

    public static String render(Analysis a) {
        StringBuilder out = new StringBuilder();
        out.append("Recording ").append(a.recording()).append(a.partial() ? " (PARTIAL: truncated or corrupt)" : "").append('\n');
        out.append("Window    ").append(a.window().start()).append(" .. ").append(a.window().end())
                .append(" (").append(ms(a.window().durationMs())).append(" ms")
                .append(a.window().windowed() ? ", as asked" : ", the whole recording").append(")\n");
        a.warnings().forEach(w -> out.append("Warning   ").append(w).append('\n'));

        EventLoop loop = a.eventLoop();
        out.append("\nEvent-loop threads: blocked ").append(percent(loop.blockedFraction())).append(" of the time (")
                .append(ms(loop.blockedMs())).append(" ms over ").append(loop.threads().size()).append(" thread(s))\n");
        if (loop.threads().isEmpty()) {
            out.append("  no thread matched ").append(String.join(" | ", a.loopThreadPatterns()))
                    .append(" (add yours with --loop-threads)\n");
        } else {
            TextTable threads = new TextTable("thread", ">blocking events", ">blocked ms", ">blocked");
            loop.threads().forEach(t -> threads.row(t.name(), count(t.blockingEvents()), ms(t.blockedMs()), percent(t.blockedFraction())));
            out.append(threads.render("  "));
        }
        if (!loop.byEvent().isEmpty()) {
            out.append("\nBlocking events on event-loop threads (durations summed, not merged)\n");
            TextTable events = new TextTable("event", ">count", ">total ms");
            loop.byEvent().forEach(e -> events.row(e.event(), count(e.count()), ms(e.totalMs())));
            out.append(events.render("  "));
        }
        stacks(out, "Stacks that blocked the event loop, by blocked time", loop.topStacks());

        out.append("\nHot methods on event-loop threads (").append(count(loop.executionSamples())).append(" execution samples)\n");
        if (!loop.hotMethods().isEmpty()) {
            TextTable hot = new TextTable(">samples", ">share", "method");
            loop.hotMethods().forEach(m -> hot.row(count(m.samples()), percent(m.fraction()), m.method()));
            out.append(hot.render("  "));
        }

        out.append("\nThreads, CPU, GC, memory\n");
        TextTable metrics = new TextTable("metric", ">count", ">total", ">mean", ">max", ">per second", "unit");
        a.metrics().forEach(m -> metrics.row(m.label(), m.recorded() ? count(m.count()) : "not recorded",
                number(m.total(), m.unit()), number(m.mean(), m.unit()), number(m.max(), m.unit()),
                number(m.perSecond(), m.unit()), unit(m)));
        out.append(metrics.render("  "));
        stacks(out, "Pinned virtual threads, by pinned time", a.pinnedStacks());

        if (!a.missingEvents().isEmpty()) {
            out.append("\nMissing events (the numbers that need them are absent)\n");
            TextTable missing = new TextTable("event", "needed for", "enable with");
            a.missingEvents().forEach(m -> missing.row(m.event(), m.neededFor(), m.enableWith()));
            out.append(missing.render("  "));
        }
        return out.toString();
    }

    private static void stacks(StringBuilder out, String title, List<StackRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append('\n');
        int rank = 1;
        for (StackRow s : rows) {
            out.append(String.format(Locale.ROOT, "  %2d. %s ms in %s events of %s%n", rank++, ms(s.totalMs()), count(s.count()),
                    s.event()));
            out.append("      application  ").append(s.application()).append('\n');
            out.append("      call         ").append(s.call()).append('\n');
            out.append("      top          ").append(s.top()).append('\n');
        }
    }

    private static String unit(MetricValue m) {
        return switch (m.unit()) {
            case "fraction" -> "%";
            case "bytes" -> "MB";
            default -> m.unit();
        };
    }

    private static String number(Double value, String unit) {
        if (value == null) {
            return "";
        }
        return switch (unit) {
            case "fraction" -> String.format(Locale.ROOT, "%.1f", value * 100);
            case "bytes" -> String.format(Locale.ROOT, "%,.1f", value / (1024 * 1024));
            case "ms" -> ms(value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }
}
