package dev.blocklab.backend;

/** A row of the seeded {@code items} table. */
public record Item(int id, String name) {}
