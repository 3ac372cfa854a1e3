package dev.blocklab.results;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a cell cost the machine over its measurement windows, from {@code /proc} (see {@link ProcessCost}).
 *
 * @param processes per role, the mean of the forks (memory and threads: the largest of the forks)
 * @param machineBusy the share of all cores' time that was busy while measuring (mean of the forks)
 * @param serverCpuMsPerRequest the server's CPU time over every request it completed in the window (slow, fast and
 *     probe), per fork
 * @param limit which process a saturated machine was busiest with, when the machine was saturated (at least
 *     {@link #SATURATED} busy): the cell then measured the machine's capacity, not the variant's
 */
public record Cost(List<ProcessCost> processes, OptionalDouble machineBusy, List<Double> serverCpuMsPerRequest, Optional<String> limit) {
    public static final double SATURATED = 0.9;

    public Optional<ProcessCost> role(String role) {
        return processes.stream().filter(p -> p.role().equals(role)).findFirst();
    }
}
