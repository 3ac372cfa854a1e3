package dev.blocklab.analysis;

import java.util.Arrays;

/**
 * Time intervals of one thread, whose union is measured: a thread parked inside a socket read yields two events
 * for the same wait, and the wait must count once.
 */
final class Intervals {
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int size;

    /** Adds [start, end) in nanoseconds; empty or reversed intervals are ignored. */
    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    int size() {
        return size;
    }

    /** The length of the union of the intervals, in nanoseconds. */
    long unionNanos() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        long total = 0;
        long runStart = Long.MIN_VALUE;
        long runEnd = Long.MIN_VALUE;
        for (int i : order) {
            if (starts[i] > runEnd) {
                total += runEnd - runStart;
                runStart = starts[i];
                runEnd = ends[i];
            } else if (ends[i] > runEnd) {
                runEnd = ends[i];
            }
        }
        return total + (runEnd - runStart);
    }
}
