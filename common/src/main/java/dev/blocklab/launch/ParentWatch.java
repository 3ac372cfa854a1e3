package dev.blocklab.launch;

import java.util.Optional;

/**
 * Makes a child program exit (running its shutdown hooks, which stop what it started) when the process
 * that started it is gone, even if that one was killed with SIGKILL and could not clean up.
 */
public final class ParentWatch {
    /**
     * The launcher's pid, passed by {@link ManagedProcess} and the benchmark runner: a child whose launcher died while
     * it was starting has been handed to init by then, so its own parent would never exit.
     */
    public static final String PARENT_PID_PROPERTY = "blocklab.parent.pid";

    private ParentWatch() {}

    /** {@code -D} option that names this process as the launcher of a child JVM. */
    public static String launcherOption() {
        return "-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid();
    }

    public static void exitWithParent() {
        String launcher = System.getProperty(PARENT_PID_PROPERTY);
        if (launcher == null) {
            ProcessHandle.current().parent().ifPresent(ParentWatch::watch);
            return;
        }
        long pid = Long.parseLong(launcher);
        Optional<ProcessHandle> parent = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (parent.isEmpty()) {
            gone(pid);
        }
        parent.ifPresent(ParentWatch::watch);
    }

    private static void watch(ProcessHandle parent) {
        parent.onExit().thenRun(() -> gone(parent.pid()));
    }

    private static void gone(long pid) {
        System.err.println("blocklab: parent process " + pid + " is gone; stopping");
        System.exit(0);
    }
}
