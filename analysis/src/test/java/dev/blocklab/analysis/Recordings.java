package dev.blocklab.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** Recordings made for the tests: a program run in a child JVM with blocklab's recording settings. */
final class Recordings {
    static final Path DIR = Path.of("target", "test-recordings");

    private Recordings() {}

    /** Runs {@code main} to its end with JFR on and returns the recording. */
    static Path record(Class<?> main, String name) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(name + ".jfr");
            Files.deleteIfExists(file);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(RecordingSettings.jvmArgs(file));
            command.addAll(List.of("-Xlog:jfr+startup=warning", "-cp", System.getProperty("java.class.path"), main.getName()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(DIR.resolve(name + ".log").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not end within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(main.getSimpleName() + " exited with " + process.exitValue() + ": "
                        + Files.readString(DIR.resolve(name + ".log")));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Records this JVM while a thread named like an XNIO IO thread sleeps {@code sleeps} times 50 ms: small and
     * quick, for the tests of file handling. {@code settings} is a JDK configuration name, or null for a recording
     * with only {@code jdk.CPULoad} on.
     */
    static Path inProcess(String name, String settings, int sleeps) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(name + ".jfr");
            try (Recording recording = settings == null ? new Recording() : new Recording(Configuration.getConfiguration(settings))) {
                if (settings == null) {
                    recording.enable("jdk.CPULoad");
                } else {
                    recording.enable("jdk.ThreadSleep").withThreshold(Duration.ofMillis(1));
                    recording.enable("jdk.InitialSystemProperty");
                }
                recording.start();
                Thread loop = Thread.ofPlatform().name("XNIO-7 I/O-1").start(() -> {
                    try {
                        for (int i = 0; i < sleeps; i++) {
                            Thread.sleep(50);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                loop.join();
                recording.stop();
                recording.dump(file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
