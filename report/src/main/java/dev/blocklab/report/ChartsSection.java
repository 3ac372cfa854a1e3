package dev.blocklab.report;

import dev.blocklab.results.Run;
import dev.blocklab.vocabulary.Scenario;

/** The charts, as relative image links, with what each shows and what is missing. */
final class ChartsSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        Run run = context.run();
        out.append("## Charts\n\n");
        if (context.charts().isEmpty()) {
            out.append("No cell was measured, so there is nothing to chart.\n\n");
            return;
        }
        for (Scenario scenario : run.scenarios()) {
            boolean sweep = run.concurrencies(scenario).size() > 1;
            boolean anyChart = false;
            for (String file : new String[] {Charts.fastFile(scenario), Charts.throughputFile(scenario), Charts.costFile(scenario),
                    Charts.eventLoopFile(scenario)}) {
                for (Chart chart : context.charts()) {
                    if (chart.file().equals(file)) {
                        out.append("![").append(chart.alt()).append("](").append(context.chartsLink()).append('/').append(file).append(")\n\n");
                        anyChart = true;
                    }
                }
            }
            if (anyChart && !sweep) {
                out.append("One slow concurrency in scenario `").append(scenario.id())
                        .append("`, so the variants are compared as bars rather than lines against concurrency.\n\n");
            }
            if (anyChart && context.charts().stream().noneMatch(c -> c.file().equals(Charts.eventLoopFile(scenario)))) {
                out.append("No event-loop chart for `").append(scenario.id()).append("`: no cell has a JFR analysis.\n\n");
            }
        }
    }
}
