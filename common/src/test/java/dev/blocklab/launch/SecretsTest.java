package dev.blocklab.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the harness keeps of JVM options and children's output: secrets redacted, the environment's options cut. */
class SecretsTest {
    @Test
    void secretNamedPropertiesAreRedactedOthersKept() {
        assertEquals("-Dapi.password=(not recorded)", Secrets.redact("-Dapi.password=hunter2"));
        assertEquals("-DDB_SECRET_KEY=(not recorded)", Secrets.redact("-DDB_SECRET_KEY=x=y"));
        assertEquals("-Dgithub.token=(not recorded)", Secrets.redact("-Dgithub.token=ghp_1"));
        assertEquals("-Xmx1g", Secrets.redact("-Xmx1g"));
        assertEquals("-Dblocklab.cell.dir=/tmp/x", Secrets.redact("-Dblocklab.cell.dir=/tmp/x"));
        assertEquals(List.of("-Xms1g", "-Dapi.password=(not recorded)"), Secrets.jvmOptions(List.of("-Xms1g", "-Dapi.password=hunter2")));
    }

    @Test
    void theJvmsEchoOfTheEnvironmentsOptionsIsCut() {
        assertEquals("Picked up JAVA_TOOL_OPTIONS: (not recorded)", Secrets.line("Picked up JAVA_TOOL_OPTIONS: -Dpassword=hunter2"));
        assertEquals("NOTE: Picked up JDK_JAVA_OPTIONS: (not recorded)", Secrets.line("NOTE: Picked up JDK_JAVA_OPTIONS: -Dx=y"));
        assertEquals("# Fork: 1 of 2", Secrets.line("# Fork: 1 of 2"));
    }

    @Test
    void aLogIsScrubbedInPlaceBytesThatAreNotUtf8Included(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("jmh.log");
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'o', 'k'};
        Files.write(log, List.of("Picked up JAVA_TOOL_OPTIONS: -Dpassword=hunter2", "# Warmup"), StandardCharsets.ISO_8859_1);
        Files.write(log, notUtf8, java.nio.file.StandardOpenOption.APPEND);
        Secrets.scrubLines(log);
        byte[] kept = Files.readAllBytes(log);
        String text = new String(kept, StandardCharsets.ISO_8859_1);
        assertEquals(List.of("Picked up JAVA_TOOL_OPTIONS: (not recorded)", "# Warmup", "\u00ff\u00feok"), text.lines().toList());
    }
}
