package dev.blocklab.results;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code manifest.json}: how a run was made and on what, what a reader needs to trust or reproduce it.
 *
 * @param jvmOptions by role: {@code server}, {@code harness} (the JMH forks), {@code runner}, {@code recording}
 *     (the server's JFR settings)
 * @param status {@code running}, {@code complete}, {@code complete-with-failures} or {@code interrupted}
 * @param mergedFrom the shards a merged run was made of; empty for a run measured in one go
 * @param environmentMismatches where a merged run's shards disagreed on the environment
 */
public record RunManifest(String runId, Parameters parameters, Git git, Jdk jdk, Map<String, List<String>> jvmOptions, Os os,
        Cpu cpu, long memoryBytes, Map<String, String> versions, String status, String startedAt, Optional<String> endedAt,
        Optional<String> postgres, List<Shard> mergedFrom, List<String> environmentMismatches) {

    /** What was asked of the run: which cells, and JMH's settings. */
    /**
     * @param slowLoad {@code open} (a generator at N / D per second) or {@code closed} (N JMH threads)
     * @param maxRate the highest slow arrival rate a level may ask for; above it, the level's delay is stretched (empty in runs
     *     before the open model)
     */
    public record Parameters(String profile, List<String> variants, List<String> scenarios, List<Integer> concurrency, int delayMs,
            int probeRate, boolean baseline, int forks, String warmup, String measurement, List<String> serverOptions,
            List<String> cells, String slowLoad, java.util.OptionalInt maxRate, java.util.OptionalInt singleForkFrom,
            List<String> singleForkScenarios) {
        /**
         * @param singleForkFrom the in-flight level from which a cell has one fork instead of {@code forks}; empty: none
         * @param singleForkScenarios the scenarios whose cells have one fork at every level (empty in runs before them: none)
         */
        public Parameters {
            slowLoad = slowLoad == null ? "closed" : slowLoad; // absent in runs before the open model: all were closed
            maxRate = maxRate == null ? java.util.OptionalInt.empty() : maxRate;
            singleForkFrom = singleForkFrom == null ? java.util.OptionalInt.empty() : singleForkFrom;
            singleForkScenarios = singleForkScenarios == null ? List.of() : List.copyOf(singleForkScenarios);
        }
    }

    /** The commit and whether the work tree had changes: a dirty run is not reproducible from the commit. */
    public record Git(String commit, boolean dirty) {}

    public record Jdk(String vendor, String version, String vm) {
        public String describe() {
            return vendor + " " + vm + " " + version;
        }
    }

    public record Os(String name, String kernel, String arch) {
        public String describe() {
            return name + " " + kernel + " " + arch;
        }
    }

    public record Cpu(String model, int cores) {}

    /** A run merged into this one: its id, folder, status, and the machine it was measured on (null before it was recorded). */
    public record Shard(String runId, String path, String status, String machine) {}

    public RunManifest withStatus(String newStatus, Optional<String> ended) {
        return new RunManifest(runId, parameters, git, jdk, jvmOptions, os, cpu, memoryBytes, versions, newStatus, startedAt, ended,
                postgres, mergedFrom, environmentMismatches);
    }

    public RunManifest withPostgres(String where) {
        return new RunManifest(runId, parameters, git, jdk, jvmOptions, os, cpu, memoryBytes, versions, status, startedAt, endedAt,
                Optional.of(where), mergedFrom, environmentMismatches);
    }
}
