package dev.blocklab.results;

import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run folder as the report sees it: the manifest and every cell the manifest lists (plus any it does not),
 * in the fixed order baseline first, then scenario (http, db, mixed), slow threads, variant (platform, virtual,
 * loop-blocking, loop-offload, loop-async).
 */
public record Run(Path dir, RunManifest manifest, List<Cell> cells) {
    public static final Comparator<Cell> ORDER = Comparator
            .comparing((Cell c) -> c.scenario().map(s -> s.ordinal() + 1).orElse(0))
            .thenComparingInt(Cell::slowThreads)
            .thenComparingInt(Cell::delayMs)
            .thenComparing(Cell::variant)
            .thenComparing(Cell::name);

    public List<Cell> baselines() {
        return cells.stream().filter(Cell::isBaseline).toList();
    }

    public List<Cell> mixed(Scenario scenario) {
        return cells.stream().filter(c -> c.scenario().equals(Optional.of(scenario))).toList();
    }

    /** The scenarios that have at least one cell, in the fixed order. */
    public List<Scenario> scenarios() {
        return List.of(Scenario.values()).stream().filter(s -> !mixed(s).isEmpty()).toList();
    }

    /** The variants that have at least one cell, in the fixed order. */
    public List<Variant> variants() {
        return List.of(Variant.values()).stream().filter(v -> cells.stream().anyMatch(c -> c.variant() == v)).toList();
    }

    /** The slow-thread counts measured for {@code scenario}, ascending. */
    public List<Integer> concurrencies(Scenario scenario) {
        return mixed(scenario).stream().map(Cell::slowThreads).distinct().sorted().toList();
    }

    /**
     * The level a scenario's headline figures are read at: the highest one every JVM variant of the scenario was measured
     * at. A level only some variants reach (8,192 in flight, for the two that scale) is shown in the sweep, not made the
     * headline, where the others would read "not run".
     */
    public int headlineLevel(Scenario scenario) {
        List<Cell> cells = mixed(scenario);
        List<Variant> jvm = cells.stream().map(Cell::variant).filter(v -> v.edition() == dev.blocklab.vocabulary.Edition.JVM).distinct().toList();
        List<Integer> levels = concurrencies(scenario);
        for (int i = levels.size() - 1; i >= 0; i--) {
            int level = levels.get(i);
            if (jvm.stream().allMatch(v -> cells.stream().anyMatch(c -> c.variant() == v && c.slowThreads() == level))) {
                return level;
            }
        }
        return levels.getLast();
    }

    /** Cells whose {@code cell.json} could not be read: gaps to name, not results. */
    public List<Cell> unreadable() {
        return cells.stream().filter(c -> c.status() == CellStatus.UNREADABLE).toList();
    }

    public Optional<Cell> cell(String name) {
        return cells.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
