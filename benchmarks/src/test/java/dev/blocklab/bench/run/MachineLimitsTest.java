package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Levels are refused before a run for the limit they would break, read from /proc the way this machine shows it. */
class MachineLimitsTest {
    @Test
    void readsTheHardOpenFilesLimitAndThePortRange(@TempDir Path dir) throws Exception {
        Path limits = Files.writeString(dir.resolve("limits"), """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             unlimited            unlimited            processes
                Max open files            1024                 20000                files
                """);
        assertEquals(OptionalLong.of(20_000), MachineLimits.openFiles(limits));
        assertEquals(OptionalLong.of(28_232), MachineLimits.ports(Files.writeString(dir.resolve("range"), "32768\t60999\n")));
        assertEquals(OptionalLong.empty(), MachineLimits.openFiles(dir.resolve("missing")));
    }

    @Test
    void aLevelFitsUntilTheServerWouldRunOutOfFilesOrPorts() {
        MachineLimits here = new MachineLimits(OptionalLong.of(20_000), OptionalLong.of(28_232));
        assertEquals(Optional.empty(), here.refusal(8_192));
        // 2N + N/4 sockets (the generator's cap, the downstream's N) and 512 files: 2 x 8661 + 2165 + 512 = 19999.
        assertEquals(8_661, here.largestLevel());
        assertTrue(here.refusal(8_662).isPresent());
        assertTrue(here.refusal(10_000).orElseThrow().contains("about 22500 sockets + 512 = 23012 open files, over this machine's per-process limit of 20000"));
        MachineLimits fewPorts = new MachineLimits(OptionalLong.empty(), OptionalLong.of(1_000));
        assertTrue(fewPorts.refusal(600).orElseThrow().contains("about 1350 ephemeral ports, over the 1000"));
        assertEquals(Optional.empty(), new MachineLimits(OptionalLong.empty(), OptionalLong.empty()).refusal(1_000_000));
    }
}
