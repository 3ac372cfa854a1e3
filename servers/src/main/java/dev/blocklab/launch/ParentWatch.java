package dev.blocklab.launch;

/**
 * Makes a child program exit (running its shutdown hooks, which stop what it started) when the process
 * that started it is gone, even if that one was killed with SIGKILL and could not clean up.
 */
public final class ParentWatch {
    private ParentWatch() {}

    public static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("blocklab: parent process " + parent.pid() + " is gone; stopping");
            System.exit(0);
        }));
    }
}
