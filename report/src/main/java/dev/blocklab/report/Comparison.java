package dev.blocklab.report;

import dev.blocklab.results.Cell;
import dev.blocklab.results.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This run against a baseline run, cell by cell (cells match by name): every {@link HeadlineMetric}'s change
 * and whether it is significant by {@link Significance}. Cells measured in only one run are listed, not compared.
 */
public record Comparison(String baselineRunId, List<Change> changes, List<String> onlyHere, List<String> onlyInBaseline) {

    public enum Verdict {
        BETTER("better"), WORSE("worse"), NO_CHANGE("no significant change"), NOT_TESTABLE("not testable");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One metric of one cell: baseline and current value, relative change, the test behind the verdict. */
    /** @param noise the cell's own A/A noise: the larger relative spread of its forks in either run; NaN with one fork */
    public record Change(String cell, String metric, String unit, double baseline, double current, double relative,
            Verdict verdict, String evidence, boolean higherIsBetter, double noise) {
        /** How much worse, as a positive fraction (0.25 = 25% worse); negative when better. */
        public double worsening() {
            return higherIsBetter ? -relative : relative;
        }
    }

    static Comparison of(Run current, Run baseline) {
        List<Change> changes = new ArrayList<>();
        List<String> onlyHere = new ArrayList<>();
        for (Cell cell : current.cells()) {
            Optional<Cell> before = baseline.cell(cell.name()).filter(c -> c.status().measured());
            if (!cell.status().measured()) {
                continue;
            }
            if (before.isEmpty()) {
                onlyHere.add(cell.name());
                continue;
            }
            for (HeadlineMetric metric : HeadlineMetric.values()) {
                change(metric, before.get(), cell).ifPresent(changes::add);
            }
        }
        List<String> onlyInBaseline = baseline.cells().stream().filter(c -> c.status().measured())
                .filter(c -> current.cell(c.name()).filter(x -> x.status().measured()).isEmpty()).map(Cell::name).toList();
        return new Comparison(baseline.manifest().runId(), List.copyOf(changes), List.copyOf(onlyHere), onlyInBaseline);
    }

    /**
     * The cell's A/A noise, measured rather than guessed: its forks are the same code on the same machine, so the larger
     * relative spread of their means, in either run, is how much this machine moves the figure with nothing changed.
     * Per cell, because a noisy cell (a stalled loop's latency) says nothing of a quiet one. NaN with one fork.
     */
    static double noise(HeadlineMetric metric, Cell before, Cell after) {
        double noise = Double.NaN;
        for (Cell cell : List.of(before, after)) {
            List<Double> forks = metric.samples(cell).orElse(List.of());
            if (forks.size() >= 2) {
                double spread = (java.util.Collections.max(forks) - java.util.Collections.min(forks)) / CostSection.median(forks);
                noise = Double.isNaN(noise) ? spread : Math.max(noise, spread);
            }
        }
        return noise;
    }

    private static Optional<Change> change(HeadlineMetric metric, Cell before, Cell after) {
        Optional<Double> a = metric.value(before);
        Optional<Double> b = metric.value(after);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        double relative = a.get() == 0 ? Double.NaN : (b.get() - a.get()) / a.get();
        Verdict verdict;
        String evidence;
        if (metric.quantile() > 0) {
            Optional<double[]> ia = metric.histogram(before).flatMap(h -> Significance.quantileInterval(h, metric.quantile()));
            Optional<double[]> ib = metric.histogram(after).flatMap(h -> Significance.quantileInterval(h, metric.quantile()));
            if (ia.isEmpty() || ib.isEmpty()) {
                verdict = Verdict.NOT_TESTABLE;
                evidence = "no probe histogram";
            } else {
                boolean disjoint = ib.get()[0] > ia.get()[1] || ib.get()[1] < ia.get()[0];
                verdict = disjoint ? direction(metric, relative) : Verdict.NO_CHANGE;
                evidence = "99% CI " + Fmt.num(ia.get()[0]) + "–" + Fmt.num(ia.get()[1]) + " vs " + Fmt.num(ib.get()[0]) + "–"
                        + Fmt.num(ib.get()[1]) + " ms" + (disjoint ? ", disjoint" : ", overlap");
            }
        } else {
            List<Double> sa = metric.samples(before).orElse(List.of());
            List<Double> sb = metric.samples(after).orElse(List.of());
            double p = Significance.welch(sa, sb);
            if (Double.isNaN(p)) {
                verdict = Verdict.NOT_TESTABLE;
                evidence = "not tested: needs 2+ forks per run (have " + sa.size() + " and " + sb.size() + ")";
            } else {
                verdict = p < Significance.ALPHA ? direction(metric, relative) : Verdict.NO_CHANGE;
                evidence = "Welch t-test over fork means, p=" + Fmt.pValue(p) + ", forks " + sa.size() + " vs " + sb.size();
            }
        }
        return Optional.of(new Change(after.name(), metric.label(), metric.unit(), a.get(), b.get(), relative, verdict, evidence,
                metric.higherIsBetter(), noise(metric, before, after)));
    }

    private static Verdict direction(HeadlineMetric metric, double relative) {
        if (Double.isNaN(relative) || relative == 0) {
            return Verdict.NO_CHANGE;
        }
        return (relative > 0) == metric.higherIsBetter() ? Verdict.BETTER : Verdict.WORSE;
    }

    /**
     * The significant regressions worse than {@code thresholdPercent} and than their cell's own {@link Change#noise}, worst
     * first: a change this machine makes between two forks of the same code is not a regression, whatever the threshold.
     */
    public List<Change> regressionsOver(double thresholdPercent) {
        return changes.stream().filter(c -> c.verdict() == Verdict.WORSE && 100 * c.worsening() > thresholdPercent
                        && !(c.worsening() <= c.noise()))
                .sorted(java.util.Comparator.comparingDouble(Change::worsening).reversed().thenComparing(Change::cell))
                .toList();
    }

    public long count(Verdict verdict) {
        return changes.stream().filter(c -> c.verdict() == verdict).count();
    }
}
