package dev.blocklab.server;

import dev.blocklab.vocabulary.IdConverter;
import dev.blocklab.vocabulary.Variant;
import java.util.Arrays;
import java.util.Iterator;

/** Reads a variant by its id for picocli, and lists the ids for help and errors. */
public final class VariantConverter extends IdConverter<Variant> implements Iterable<String> {
    public VariantConverter() {
        super(Variant::fromId);
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Variant.values()).map(Variant::id).iterator();
    }
}
