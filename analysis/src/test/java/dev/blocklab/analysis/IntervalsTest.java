package dev.blocklab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A second of blocking counts once, however many events cover it. */
class IntervalsTest {
    @Test
    void overlappingAndNestedIntervalsCountOnce() {
        Intervals intervals = new Intervals();
        intervals.add(100, 200);
        intervals.add(150, 250);   // overlaps the first: the union is 100..250
        intervals.add(120, 130);   // inside it
        intervals.add(300, 400);   // apart
        intervals.add(400, 450);   // touching: 300..450
        assertEquals(150 + 150, intervals.unionNanos());
    }

    @Test
    void orderOfArrivalDoesNotMatter() {
        Intervals intervals = new Intervals();
        for (int i = 40; i >= 0; i--) {
            intervals.add(i * 10L, i * 10L + 15);   // each overlaps the next: one run 0..415
        }
        assertEquals(415, intervals.unionNanos());
    }

    @Test
    void emptyAndReversedIntervalsAreIgnored() {
        Intervals intervals = new Intervals();
        intervals.add(10, 10);
        intervals.add(20, 5);
        assertEquals(0, intervals.unionNanos());
        assertEquals(0, intervals.size());
    }
}
