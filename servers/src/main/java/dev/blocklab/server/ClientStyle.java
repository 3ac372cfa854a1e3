package dev.blocklab.server;

import dev.blocklab.backend.AsyncBackend;
import dev.blocklab.backend.Backend;
import dev.blocklab.backend.BlockingBackend;
import dev.blocklab.backend.Downstreams;
import dev.blocklab.backend.OffloadingBackend;
import java.util.OptionalInt;

/** How the slow call is made: the second axis of a {@link Variant}. */
public enum ClientStyle {
    /** pgjdbc with HikariCP and Apache HttpClient (classic), called on the handler's thread. */
    BLOCKING {
        @Override
        Backend open(ServerOptions options, Downstreams downstreams) {
            return new BlockingBackend(downstreams, options.limits());
        }
    },
    /** The same blocking clients, each call handed to a bounded executor; the caller gets a future. */
    OFFLOADED {
        @Override
        Backend open(ServerOptions options, Downstreams downstreams) {
            return new OffloadingBackend(new BlockingBackend(downstreams, options.limits()), options.offloadThreads());
        }

        @Override
        OptionalInt offloadThreads(ServerOptions options) {
            return OptionalInt.of(options.offloadThreads());
        }
    },
    /** async-http-client and vertx-pg-client: the caller's thread never waits. */
    ASYNC {
        @Override
        Backend open(ServerOptions options, Downstreams downstreams) {
            return new AsyncBackend(downstreams, options.limits());
        }
    };

    abstract Backend open(ServerOptions options, Downstreams downstreams);

    OptionalInt offloadThreads(ServerOptions options) {
        return OptionalInt.empty();
    }
}
