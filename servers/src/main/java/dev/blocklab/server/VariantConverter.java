package dev.blocklab.server;

import dev.blocklab.vocabulary.Variant;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a variant by its id for picocli, and lists the ids for help and errors. */
public final class VariantConverter implements ITypeConverter<Variant>, Iterable<String> {
    @Override
    public Variant convert(String value) {
        try {
            return Variant.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Variant.values()).map(Variant::id).iterator();
    }
}
