package dev.blocklab.bench;

import dev.blocklab.server.Scenario;
import dev.blocklab.server.Variant;
import java.util.Locale;
import java.util.Optional;

/**
 * One cell of the matrix: a variant under one load. Its {@link #name()} is the cell's folder under a run;
 * the runner and the benchmark fork both derive it from here. A baseline cell has no scenario: the fast
 * endpoint alone.
 */
public record CellId(Variant variant, Optional<Scenario> scenario, int delayMs, int slowThreads) {
    public static CellId baseline(Variant variant) {
        return new CellId(variant, Optional.empty(), 0, 0);
    }

    public static CellId mixed(Variant variant, Scenario scenario, int delayMs, int slowThreads) {
        return new CellId(variant, Optional.of(scenario), delayMs, slowThreads);
    }

    public boolean isBaseline() {
        return scenario.isEmpty();
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
