package dev.blocklab.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of a cell. */
public enum CellStatus {
    /** Measured, errors under the threshold. */
    OK("ok"),
    /** Measured, but more than 1% of requests failed: shown, never averaged in silently. */
    ERRORS("errors"),
    /** Measured, but the load generator could not offer the load asked for: the figures are the harness's, not the server's. */
    HARNESS_LIMITED("harness-limited"),
    /** Not measured (verification failed, JMH failed, interrupted): its reason says why. */
    FAILED("failed"),
    /** Listed in the manifest, but no {@code cell.json}: the run stopped before it. Never written, only read. */
    NOT_FINISHED("not finished"),
    /** A {@code cell.json} that cannot be read (truncated, corrupt, another version): named, the rest of the run still read. Never written. */
    UNREADABLE("unreadable");

    /** More than this share of a cell's requests failed: the cell is {@link #ERRORS}. */
    public static final double ERROR_SHARE = 0.01;

    private final String label;

    CellStatus(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Measured, and its figures are the server's: the load was offered as asked (so not {@link #HARNESS_LIMITED}). */
    public boolean servers() {
        return this == OK || this == ERRORS;
    }

    public boolean measured() {
        return this == OK || this == ERRORS || this == HARNESS_LIMITED;
    }
}
