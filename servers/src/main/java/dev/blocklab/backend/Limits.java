package dev.blocklab.backend;

import java.time.Duration;

/**
 * Downstream capacity, the same for every variant so that a comparison isolates the execution model.
 *
 * @param dbPool          PostgreSQL connections
 * @param httpConnections concurrent calls to the slow HTTP service
 * @param timeoutSlack    how long after its requested delay a call times out; also the connect timeout
 */
public record Limits(int dbPool, int httpConnections, Duration timeoutSlack) {
    /** The deadline of a call that asks the downstream to take {@code delayMs}. */
    public Duration timeoutFor(int delayMs) {
        return timeoutSlack.plusMillis(delayMs);
    }
}
