package dev.blocklab.results;

import java.util.Map;

/** The Little's-law bound of the slow route: the smallest concurrency limit on its path divided by the delay. */
public record Bound(double throughput, String limitedBy, Map<String, Integer> limits) {}
