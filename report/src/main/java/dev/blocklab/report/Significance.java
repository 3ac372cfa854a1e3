package dev.blocklab.report;

import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Whether two runs differ beyond their own spread. Means are compared with Welch's t-test over per-fork means
 * (unequal variances, two-sided): the fork is the unit of replication, its iterations are not independent. Welch's
 * test still works with the two or three forks a machine can afford, where a rank test cannot reach significance
 * at all (Mann-Whitney's smallest exact p for 2 + 2 samples is 0.33); with one fork per run nothing is tested. Tail percentiles
 * have no repetitions, so they are compared through distribution-free confidence intervals from the merged
 * histogram (the order statistics around the quantile's rank): disjoint intervals are a significant change.
 */
final class Significance {
    /** Two-sided significance level, and 1 - the confidence of the percentile intervals. */
    static final double ALPHA = 0.01;
    private static final double Z = 2.5758293035489004; // two-sided 99% normal quantile

    private Significance() {}

    /** Welch's two-sided p-value, or NaN when either side has fewer than two samples or both have no spread. */
    static double welch(List<Double> a, List<Double> b) {
        if (a.size() < 2 || b.size() < 2) {
            return Double.NaN;
        }
        double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
        if (variance(x) == 0 && variance(y) == 0) {
            return java.util.Arrays.equals(x, y) ? 1.0 : Double.NaN;
        }
        return TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).with(AlternativeHypothesis.TWO_SIDED)
                .test(x, y).getPValue();
    }

    /** A confidence interval of a quantile in milliseconds (histogram in microseconds), or empty with too few values. */
    static Optional<double[]> quantileInterval(Histogram h, double quantile) {
        long n = h.getTotalCount();
        if (n < 2) {
            return Optional.empty();
        }
        double center = n * quantile;
        double spread = Z * Math.sqrt(n * quantile * (1 - quantile));
        long lower = Math.max(1, (long) Math.floor(center - spread));
        long upper = Math.min(n, (long) Math.ceil(center + spread) + 1);
        return Optional.of(new double[] {valueAtRank(h, lower, n), valueAtRank(h, upper, n)});
    }

    private static double valueAtRank(Histogram h, long rank, long n) {
        return h.getValueAtPercentile(100.0 * rank / n) / 1000.0;
    }

    private static double variance(double[] x) {
        double mean = java.util.Arrays.stream(x).average().orElse(0);
        return java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum();
    }
}
