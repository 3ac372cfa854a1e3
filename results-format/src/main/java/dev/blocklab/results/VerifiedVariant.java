package dev.blocklab.results;

import java.util.Map;
import java.util.Optional;

/**
 * One variant's entry in {@code verification.json}: whether every route answered as it must before anything
 * was measured, and the bodies it answered (compared across variants: the same work, or no comparison).
 */
public record VerifiedVariant(boolean passed, Optional<String> reason, Map<String, String> bodies) {}
