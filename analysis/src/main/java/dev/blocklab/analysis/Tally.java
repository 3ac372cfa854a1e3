package dev.blocklab.analysis;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts and summed nanoseconds per key, ranked by the sum, then the count, then the key. */
final class Tally<K extends Comparable<K>> {
    record Entry<K>(K key, long count, long nanos) {}

    private final Map<K, long[]> totals = new HashMap<>();

    void add(K key, long nanos) {
        long[] total = totals.computeIfAbsent(key, k -> new long[2]);
        total[0]++;
        total[1] += nanos;
    }

    long count() {
        return totals.values().stream().mapToLong(total -> total[0]).sum();
    }

    List<Entry<K>> top(int n) {
        return totals.entrySet().stream()
                .map(e -> new Entry<>(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.<Entry<K>>comparingLong(Entry::nanos).reversed()
                        .thenComparing(Comparator.<Entry<K>>comparingLong(Entry::count).reversed())
                        .thenComparing(Entry::key))
                .limit(n)
                .toList();
    }
}
