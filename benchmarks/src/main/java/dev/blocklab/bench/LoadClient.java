package dev.blocklab.bench;

import java.io.IOException;
import java.net.URI;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The load generator's HTTP client: blocking (one JMH thread is one user in a closed loop) with keep-alive
 * connections, enough for every thread, and a deadline so that no request can hang an iteration.
 *
 * <p>It is HttpComponents' core requester, not its client: the routes never set cookies, redirect,
 * authenticate, retry or compress, and the client's execution chain for those cost ~20 us a request here, a
 * third of the {@code GET /} round trip that the baseline measures and most of its excess over wrk's.
 *
 * <p>The core's pool does not re-check a connection before reusing it: one left idle past Undertow's 60 s
 * no-request timeout would fail its next request. Nothing in a trial idles that long.
 */
public final class LoadClient implements AutoCloseable {
    /** Waiting for a pooled connection; the pool has one per thread, so it is immediate when all is well. */
    private static final Timeout LEASE = Timeout.ofSeconds(5);

    private final HttpRequester http;

    /** @param deadline how long a request may take before it counts as failed */
    public LoadClient(int connections, java.time.Duration deadline) {
        this.http = RequesterBootstrap.bootstrap()
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(deadline)).setTcpNoDelay(true).build())
                .setMaxTotal(connections)
                .setDefaultMaxPerRoute(connections)
                .create();
    }

    /** True when the server answered 200; any other status or failure is an error, never an exception. */
    public boolean get(URI uri) {
        HttpHost host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
        try {
            return http.execute(host, new BasicClassicHttpRequest(Method.GET, uri), LEASE, HttpCoreContext.create(), response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode() == 200;
            });
        } catch (IOException | HttpException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
