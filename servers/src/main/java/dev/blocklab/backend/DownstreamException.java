package dev.blocklab.backend;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A slow call that failed, with the HTTP status the server answers for it. */
public final class DownstreamException extends RuntimeException {
    /** What failed, and how the server says so. */
    public enum Kind {
        /** The slow HTTP service is unreachable, timed out or answered badly: 502 Bad Gateway. */
        HTTP(502, "slow HTTP service"),
        /** PostgreSQL is unreachable, timed out or failed the query: 503 Service Unavailable. */
        DATABASE(503, "PostgreSQL"),
        /** MariaDB is unreachable, not configured, timed out or failed the query: 503. */
        MARIADB(503, "MariaDB"),
        /** The object store is unreachable, not configured, timed out or failed the request: 503. */
        OBJECT_STORE(503, "object store"),
        /** The data file is missing or a read failed: 503. */
        FILE(503, "data file"),
        /** The offload executor's queue is full: 503. */
        OVERLOADED(503, "offload executor");

        private final int status;
        private final String what;

        Kind(int status, String what) {
            this.status = status;
            this.what = what;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    private DownstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** A call to a downstream the server was not told of: {@code option} is how it is told. */
    public static DownstreamException notConfigured(Kind kind, String option) {
        return new DownstreamException(kind, kind.what + " is not configured (no " + option + ")", null);
    }

    /** Wraps any failure of a call to {@code kind}, with a one-line reason. */
    public static DownstreamException of(Kind kind, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof DownstreamException known) {
            return known;
        }
        String reason = cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException
                ? "timed out"
                : "failed: " + describe(cause);
        return new DownstreamException(kind, kind.what + " " + reason, cause);
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String name = cause.getClass().getSimpleName();
        return message == null ? name : name + ": " + message.lines().findFirst().orElse("");
    }
}
