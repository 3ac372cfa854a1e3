package dev.blocklab.bench.run;

import dev.blocklab.analysis.RecordingSettings;
import dev.blocklab.launch.Secrets;
import dev.blocklab.results.RunManifest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** What a reader needs to trust or reproduce a run: code, JDK, machine, parameters, library versions. */
final class Manifest {
    private Manifest() {}

    /** The manifest of a run that starts now: status {@code running}, no end yet. */
    static RunManifest describe(String runId, RunManifest.Parameters parameters, List<String> serverJvm, List<String> harnessJvm) {
        Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
        jvmOptions.put("server", serverJvm);
        jvmOptions.put("harness", harnessJvm);
        jvmOptions.put("runner", Secrets.jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        jvmOptions.put("recording", RecordingSettings.describe());
        return new RunManifest(runId, parameters, git(),
                new RunManifest.Jdk(System.getProperty("java.vendor"), System.getProperty("java.runtime.version"), System.getProperty("java.vm.name")),
                jvmOptions, new RunManifest.Os(System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch")),
                new RunManifest.Cpu(cpuModel(), Runtime.getRuntime().availableProcessors()), memoryBytes(), versions(), "running",
                Instant.now().toString(), Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /** The commit and whether the work tree had changes: a dirty run is not reproducible from the commit. */
    static RunManifest.Git git() {
        String commit = command("git", "rev-parse", "HEAD");
        String status = command("git", "status", "--porcelain", "--untracked-files=no");
        return new RunManifest.Git(commit.isEmpty() ? "unknown" : commit, !status.isEmpty());
    }

    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static Map<String, String> versions() {
        Properties properties = new Properties();
        try (InputStream in = Manifest.class.getResourceAsStream("/blocklab-versions.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Versions are then missing from the manifest, which says so by their absence.
        }
        Map<String, String> versions = new java.util.TreeMap<>();
        properties.forEach((key, value) -> versions.put(key.toString(), value.toString()));
        return versions;
    }
}
