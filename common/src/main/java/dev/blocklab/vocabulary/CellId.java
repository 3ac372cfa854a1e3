package dev.blocklab.vocabulary;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell of the matrix: a variant under one load. Its {@link #name()} is the cell's folder under a run;
 * the runner, the benchmark fork and every reader derive it from here, and {@link #parse} reads it back. A baseline
 * cell has no scenario: the fast endpoint alone.
 */
public record CellId(Variant variant, Optional<Scenario> scenario, int delayMs, int slowThreads) {
    private static final Pattern NAME = Pattern.compile("(?<variant>[a-z-]+)_(?:baseline|(?<scenario>[a-z][a-z0-9]*)_d(?<delay>\\d{1,9})_c(?<threads>\\d{1,9}))");

    public static CellId baseline(Variant variant) {
        return new CellId(variant, Optional.empty(), 0, 0);
    }

    public static CellId mixed(Variant variant, Scenario scenario, int delayMs, int slowThreads) {
        return new CellId(variant, Optional.of(scenario), delayMs, slowThreads);
    }

    /** The cell a folder name stands for; a name no cell has is an {@link IllegalArgumentException} saying so. */
    public static CellId parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a cell name (variant_scenario_dD_cN or variant_baseline)");
        }
        Variant variant = Variant.fromId(m.group("variant"));
        if (m.group("scenario") == null) {
            return baseline(variant);
        }
        return mixed(variant, Scenario.fromId(m.group("scenario")), Integer.parseInt(m.group("delay")), Integer.parseInt(m.group("threads")));
    }

    public boolean isBaseline() {
        return scenario.isEmpty();
    }

    /** How long one slow request waits downstream: D per downstream call it makes (two in the mixed scenario); 0 for a baseline. */
    public java.time.Duration routeTime() {
        return java.time.Duration.ofMillis((long) delayMs * scenario.map(Scenario::delaysPerRequest).orElse(0));
    }

    /** The slow load's arrival rate, requests per second: N in flight over the route's time (Little's law); 0 for a baseline. */
    public double arrivalRate() {
        return scenario.map(s -> slowThreads * 1000.0 / ((double) delayMs * s.delaysPerRequest())).orElse(0.0);
    }

    public String name() {
        return scenario.map(s -> String.format(Locale.ROOT, "%s_%s_d%d_c%d", variant.id(), s.id(), delayMs, slowThreads))
                .orElse(variant.id() + "_baseline");
    }

    @Override
    public String toString() {
        return name();
    }
}
