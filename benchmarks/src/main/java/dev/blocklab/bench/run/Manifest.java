package dev.blocklab.bench.run;

import dev.blocklab.analysis.RecordingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** What a reader needs to trust or reproduce a run: code, JDK, machine, parameters, library versions. */
final class Manifest {
    static final int SCHEMA_VERSION = 1;

    private Manifest() {}

    static Map<String, Object> describe(String runId, Map<String, Object> parameters, List<String> serverJvm, List<String> harnessJvm) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", SCHEMA_VERSION);
        manifest.put("runId", runId);
        manifest.put("parameters", parameters);
        manifest.put("git", git());
        manifest.put("jdk", Map.of("vendor", System.getProperty("java.vendor"), "version", System.getProperty("java.runtime.version"),
                "vm", System.getProperty("java.vm.name")));
        manifest.put("jvmOptions", Map.of("server", serverJvm, "harness", harnessJvm,
                "runner", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                "recording", RecordingSettings.describe()));
        manifest.put("os", Map.of("name", System.getProperty("os.name"), "kernel", System.getProperty("os.version"),
                "arch", System.getProperty("os.arch")));
        manifest.put("cpu", Map.of("model", cpuModel(), "cores", Runtime.getRuntime().availableProcessors()));
        manifest.put("memoryBytes", memoryBytes());
        manifest.put("versions", versions());
        return manifest;
    }

    /** The commit and whether the work tree had changes: a dirty run is not reproducible from the commit. */
    static Map<String, Object> git() {
        String commit = command("git", "rev-parse", "HEAD");
        String status = command("git", "status", "--porcelain", "--untracked-files=no");
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("commit", commit.isEmpty() ? "unknown" : commit);
        git.put("dirty", !status.isEmpty());
        return git;
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
