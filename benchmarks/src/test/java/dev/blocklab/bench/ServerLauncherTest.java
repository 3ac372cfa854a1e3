package dev.blocklab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerLauncherTest {
    @Test
    void theFastApiEditionGetsTheDownstreamsAndTheSharedCapacityOnly() {
        List<String> jvmArgs = List.of("--slow-url", "http://127.0.0.1:1", "--db-url", "jdbc:postgresql://localhost:2/postgres",
                "--mariadb-url", "jdbc:mariadb://127.0.0.1:3/blocklab", "--file-direct", "true", "--io-threads=2", "--worker-threads=64",
                "--db-pool=16", "--timeout-slack-ms=5000", "--port", "0");
        assertEquals(List.of("--slow-url", "http://127.0.0.1:1", "--db-url", "jdbc:postgresql://localhost:2/postgres", "--db-pool=16",
                "--timeout-slack-ms=5000", "--port", "0"), ServerLauncher.shared(jvmArgs));
    }
}
