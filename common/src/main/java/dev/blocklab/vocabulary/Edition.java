package dev.blocklab.vocabulary;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which server program a {@link Variant} runs in: the JVM's Undertow server, or the FastAPI edition (the seed's own
 * framework, served by uvicorn), driven by the same harness over HTTP. The third axis of a variant, beside the two the
 * JVM variants share with FastAPI's: where the handler runs and how the slow call is made.
 */
public enum Edition {
    /** blocklab's Undertow server, every scenario, recorded with JFR. */
    JVM("Undertow on the JVM", EnumSet.allOf(Scenario.class), true),
    /**
     * {@code editions/fastapi}: the seed's HTTP and PostgreSQL rows, both together, and the sleep; no JFR (the JVM's
     * recorder cannot see a Python process).
     */
    FASTAPI("FastAPI on uvicorn (CPython)", EnumSet.of(Scenario.HTTP, Scenario.DB, Scenario.MIXED, Scenario.SLEEP), false);

    private final String description;
    private final Set<Scenario> scenarios;
    private final boolean recordedWithJfr;

    Edition(String description, Set<Scenario> scenarios, boolean recordedWithJfr) {
        this.description = description;
        this.scenarios = scenarios;
        this.recordedWithJfr = recordedWithJfr;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** Whether the edition's server has the route of {@code scenario}. */
    public boolean serves(Scenario scenario) {
        return scenarios.contains(scenario);
    }

    /** Whether a trial records the server with JFR (and a cell's diagnosis reads the recording). */
    public boolean recordedWithJfr() {
        return recordedWithJfr;
    }
}
