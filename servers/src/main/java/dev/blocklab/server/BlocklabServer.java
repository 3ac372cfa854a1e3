package dev.blocklab.server;

import dev.blocklab.backend.Backend;
import dev.blocklab.backend.ConnectionWaitEvent;
import dev.blocklab.backend.Downstreams;
import dev.blocklab.vocabulary.Variant;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import jdk.jfr.FlightRecorder;
import org.xnio.Options;

/** One variant of the server under test, bound to 127.0.0.1. */
public final class BlocklabServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final Undertow undertow;
    private final Backend backend;
    private final Optional<ExecutorService> executor;

    private BlocklabServer(Undertow undertow, Backend backend, Optional<ExecutorService> executor) {
        this.undertow = undertow;
        this.backend = backend;
        this.executor = executor;
    }

    /** Starts {@code variant} on {@code port} (0 for any free port). */
    public static BlocklabServer start(Variant variant, int port, ServerOptions options, Downstreams downstreams) {
        // Registered now, not at a first slow call: a recording then lists them as enabled even in a cell that never
        // makes one, and the analysis can tell "none happened" from "not recorded".
        FlightRecorder.register(SlowCallEvent.class);
        FlightRecorder.register(ConnectionWaitEvent.class);
        Backend backend = Backends.open(variant.clients(), options, downstreams);
        Optional<ExecutorService> executor = HandlerPlacement.newExecutor(variant.execution(), options);
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, HOST)
                .setIoThreads(options.ioThreads())
                // Handlers never use the XNIO worker pool; the executor above is the only handler pool.
                .setWorkerThreads(1)
                .setSocketOption(Options.BACKLOG, 4096)
                .setHandler(HandlerPlacement.place(Routes.of(backend), executor))
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            backend.close();
            executor.ifPresent(ExecutorService::shutdownNow);
            throw e;
        }
        return new BlocklabServer(undertow, backend, executor);
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
        executor.ifPresent(ExecutorService::shutdownNow);
        backend.close();
    }
}
