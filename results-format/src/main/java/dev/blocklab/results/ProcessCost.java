package dev.blocklab.results;

import java.util.OptionalLong;

/**
 * What one role's processes spent over a measurement window: {@code server} (the JVM under test), {@code downstreams}
 * (the slow HTTP service's JVM), {@code postgres} (every PostgreSQL process), {@code client} (the load generator's JVM).
 *
 * @param cpuMs CPU time, user and system, of every process of the role
 * @param cores CPU time over the window's length: 1.0 is one core busy the whole time
 * @param rssPeakBytes the largest resident memory seen while measuring (sampled), all the role's processes together
 * @param threadsPeak the most threads seen while measuring (sampled)
 */
public record ProcessCost(String role, double cpuMs, double cores, OptionalLong rssPeakBytes, OptionalLong threadsPeak) {}
