package dev.blocklab.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.launch.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded PostgreSQL and MariaDB stop with the downstreams JVM that started them, however that JVM ends: {@code pg_ctl}
 * hands the postmaster to init, and {@code mariadbd} is re-parented to init when its JVM dies, so without a guard a
 * SIGKILLed JVM would leave them (and PostgreSQL's backends) running, and their data directories on disk.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NoOrphansTest {
    @Test
    void aSigkilledDownstreamsJvmLeavesNoPostgresAndNoGuard() throws Exception {
        ManagedProcess downstreams = start();
        List<ProcessHandle> family = postgresAndGuard(downstreams);

        downstreams.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(downstreams.process().waitFor(30, TimeUnit.SECONDS));

        assertEquals(List.of(), survivors(family, Duration.ofSeconds(30)), "processes still running after the SIGKILL");
        assertEquals(List.of(), directories(downstreams).stream().filter(java.nio.file.Files::exists).toList(), "data directories left");
        downstreams.close();
    }

    @Test
    void aNormalStopLeavesNoPostgresAndNoGuard() throws Exception {
        ManagedProcess downstreams = start();
        List<ProcessHandle> family = postgresAndGuard(downstreams);

        downstreams.close();

        assertEquals(List.of(), survivors(family, Duration.ofSeconds(30)), "processes still running after a normal stop");
        assertEquals(List.of(), directories(downstreams).stream().filter(java.nio.file.Files::exists).toList(), "data directories left");
    }

    private static ManagedProcess start() {
        return ManagedProcess.start("downstreams-orphans", DownstreamsMain.class, List.of(), List.of(), Map.of(), line -> {},
                Duration.ofSeconds(120));
    }

    /** The postmaster, its backends and background workers, and the guard: every process the JVM is answerable for. */
    private static List<ProcessHandle> postgresAndGuard(ManagedProcess downstreams) {
        ProcessHandle postmaster = ProcessHandle.of(downstreams.ready().get("pgPid").asLong()).orElseThrow();
        List<ProcessHandle> family = new ArrayList<>(postmaster.descendants().toList());
        family.add(postmaster);
        List<ProcessHandle> guards = downstreams.process().toHandle().children()
                .filter(p -> p.info().commandLine().orElse("").contains("blocklab-pg-guard")).toList();
        assertEquals(1, guards.size(), "one guard per embedded PostgreSQL");
        family.addAll(guards);
        assertTrue(family.size() >= 3, "a postmaster with its workers, and the guard: " + family);
        ProcessHandle mariadbd = ProcessHandle.of(downstreams.ready().get("mariadbPid").asLong()).orElseThrow();
        family.add(mariadbd);
        List<ProcessHandle> mariadbGuards = downstreams.process().toHandle().children()
                .filter(p -> p.info().commandLine().orElse("").contains("blocklab-mariadb-guard")).toList();
        assertEquals(1, mariadbGuards.size(), "one guard per embedded MariaDB");
        family.addAll(mariadbGuards);
        // The data file's and the object store's guards remove their directories and end: waiting for it to end is waiting for the removal.
        family.addAll(downstreams.process().toHandle().children()
                .filter(p -> p.info().commandLine().orElse("").matches("(?s).*blocklab-(file|s3)-guard.*")).toList());
        return family;
    }

    /** The embedded servers' data directories, which must go with them. */
    private static List<java.nio.file.Path> directories(ManagedProcess downstreams) {
        return java.util.stream.Stream.of("pgPasswordFile", "mariadbPasswordFile", "filePath", "s3SecretFile")
                .map(field -> java.nio.file.Path.of(downstreams.ready().get(field).asText()).getParent()).toList();
    }

    private static List<Long> survivors(List<ProcessHandle> processes, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }
}
