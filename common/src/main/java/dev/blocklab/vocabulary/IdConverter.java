package dev.blocklab.vocabulary;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a value by its id for picocli: {@code fromId}'s one-line refusal (the valid ids) becomes picocli's message. One
 * subclass per type, because picocli names a converter by its class.
 */
public abstract class IdConverter<T> implements ITypeConverter<T> {
    private final Function<String, T> fromId;

    protected IdConverter(Function<String, T> fromId) {
        this.fromId = fromId;
    }

    @Override
    public T convert(String value) {
        try {
            return fromId.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
