package dev.blocklab.launch;

import picocli.CommandLine;

/**
 * Runs a picocli command the way the JDK's {@code jfr} tool does: exit 0 when it worked, 1 when it failed,
 * 2 on wrong arguments; errors are one line, never a stack trace.
 */
public final class Commands {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Commands() {}

    public static int execute(Object command, String... args) {
        return execute(new CommandLine(command), args);
    }

    public static int execute(CommandLine commandLine, String... args) {
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            CommandLine failed = e.getCommandLine();
            System.err.println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, ignored) -> {
            System.err.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(e));
            return FAILED;
        });
        return commandLine.execute(args);
    }

    private static String oneLine(Exception e) {
        if (e instanceof Failure) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    /** A failure whose message says all a user needs. */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }
}
