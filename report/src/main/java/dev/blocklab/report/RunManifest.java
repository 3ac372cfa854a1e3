package dev.blocklab.report;

import java.util.List;
import java.util.Map;

/** {@code manifest.json}, schema version 1: how a run was made and on what. */
public record RunManifest(String runId, String profile, List<String> variants, List<String> scenarios,
        List<Integer> concurrency, int delayMs, int probeRate, boolean baseline, int forks, String warmup,
        String measurement, List<String> serverOptions, List<String> cells, String commit, boolean dirty,
        String jdk, Map<String, List<String>> jvmOptions, String os, String cpu, int cores, long memoryBytes,
        Map<String, String> versions, String status, String startedAt, String endedAt, String postgres) {
    public static final int SCHEMA_VERSION = 1;
}
