package dev.blocklab.server;

import dev.blocklab.backend.AsyncBackend;
import dev.blocklab.backend.Backend;
import dev.blocklab.backend.BlockingBackend;
import dev.blocklab.backend.Downstreams;
import dev.blocklab.backend.OffloadingBackend;
import dev.blocklab.vocabulary.ClientStyle;
import java.util.OptionalInt;

/** Wires the second axis of a variant: the clients a {@link ClientStyle} calls the downstreams with. */
final class Backends {
    private Backends() {}

    static Backend open(ClientStyle style, ServerOptions options, Downstreams downstreams) {
        return switch (style) {
            case BLOCKING -> new BlockingBackend(downstreams, options.limits());
            case OFFLOADED -> new OffloadingBackend(new BlockingBackend(downstreams, options.limits()), options.offloadThreads());
            case ASYNC -> new AsyncBackend(downstreams, options.limits());
        };
    }

    /** The offload executor's size when the style has one. */
    static OptionalInt offloadThreads(ClientStyle style, ServerOptions options) {
        return style == ClientStyle.OFFLOADED ? OptionalInt.of(options.offloadThreads()) : OptionalInt.empty();
    }
}
