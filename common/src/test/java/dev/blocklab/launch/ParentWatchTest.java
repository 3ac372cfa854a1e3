package dev.blocklab.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child whose launcher died while it was starting is handed to init, whose exit it would wait for forever; the
 * launcher's pid, passed on the command line, lets it notice and stop.
 */
class ParentWatchTest {
    /** Watches its parent, then idles far longer than the test waits. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            ParentWatch.exitWithParent();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }

    @Test
    void aChildWhoseLauncherIsAlreadyGoneStopsAtOnce() throws Exception {
        Process launcher = new ProcessBuilder("true").start();
        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ParentWatch.PARENT_PID_PROPERTY + "=" + launcher.pid(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).redirectErrorStream(true).start();
        try {
            // Its real parent, this test's JVM, is alive: only the launcher's pid can make it stop.
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child outlived its launcher");
            assertEquals(0, child.exitValue());
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(output.contains("parent process " + launcher.pid() + " is gone"), output);
        } finally {
            child.destroyForcibly();
        }
    }
}
