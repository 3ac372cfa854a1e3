package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A check is judged on the median's confidence interval: met only when all of it meets the goal, missed only when none does. */
class CalibrationTest {
    private static String verdict(List<Double> values, double limit) {
        return MedianInterval.of(values).verdict(limit);
    }

    @Test
    void everyRoundUnderTheLimitMeetsIt() {
        MedianInterval check = MedianInterval.of(List.of(0.01, -0.02, 0.029, 0.0, 0.015, 0.02));
        assertEquals("met", check.verdict(0.03));
        assertEquals(0.0125, check.median(), 1e-12);
        // Six rounds: the interval is their range.
        assertEquals(-0.02, check.low(), 1e-12);
        assertEquals(0.029, check.high(), 1e-12);
    }

    @Test
    void fewerThanSixRoundsCannotTellEvenWhenAllMeetTheGoal() {
        // Five rounds: even the range covers the median with only 1 - 2/32 = 93.8%, short of 95%.
        assertEquals("inconclusive", verdict(List.of(0.01, -0.02, 0.029, 0.0, 0.015), 0.03));
    }

    @Test
    void fromNineRoundsTheSecondLowestAndSecondHighestBoundTheMedian() {
        // Binomial(9, 1/2): P(X <= 1) = 10/512 <= 2.5%, so [x(2), x(8)], 96.1% coverage: one stray round cannot decide.
        MedianInterval check = MedianInterval.of(List.of(1.2, 1.1, 1.6, 1.25, 1.3, 1.15, 1.35, 1.0, 1.4));
        assertEquals("met", check.verdict(1.5));
        assertEquals(1.25, check.median(), 1e-12);
        assertEquals(1.1, check.low(), 1e-12);
        assertEquals(1.4, check.high(), 1e-12);
        assertEquals(1 - 20.0 / 512, check.coverage(), 1e-12);
        assertEquals("inconclusive", verdict(List.of(1.2, 1.1, 1.6, 1.25, 1.3, 1.15, 1.35, 1.0, 1.55), 1.5));
    }

    @Test
    void everyRoundOverTheLimitMissesIt() {
        assertEquals("missed", verdict(List.of(0.05, 0.04, 0.09, 0.06, 0.035, 0.07), 0.03));
    }

    @Test
    void roundsOnBothSidesCannotTell() {
        assertEquals("inconclusive", verdict(List.of(0.05, -0.04, 0.01, 0.06, -0.01, 0.02), 0.03));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, MedianInterval.median(List.of(4.0, 1.0, 3.0, 2.0)), 1e-12);
    }

    @Test
    void theMediansIntervalIsTheOrderStatisticsABinomialAllows() {
        // Binomial(10, 1/2): P(X <= 1) = 11/1024 <= 2.5% < P(X <= 2) = 56/1024, so [x(2), x(9)], 97.9% coverage.
        MedianInterval interval = MedianInterval.of(List.of(7.0, 1.0, 10.0, 4.0, 2.0, 9.0, 3.0, 6.0, 5.0, 8.0));
        assertEquals(5.5, interval.median(), 1e-12);
        assertEquals(2.0, interval.low(), 1e-12);
        assertEquals(9.0, interval.high(), 1e-12);
        assertEquals(1 - 22.0 / 1024, interval.coverage(), 1e-12);
    }

    @Test
    void aNarrowIntervalUnderTheLimitMeetsItAndOneAcrossItCannotTell() {
        assertEquals("met", MedianInterval.verdict(-0.004, 0.012, 0.03));
        assertEquals("inconclusive", MedianInterval.verdict(0.01, 0.05, 0.03));
        assertEquals("missed", MedianInterval.verdict(0.04, 0.06, 0.03));
    }
}
