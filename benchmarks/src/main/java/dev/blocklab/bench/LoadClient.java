package dev.blocklab.bench;

import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The load generator's HTTP client: blocking (one JMH thread is one user in a closed loop) with keep-alive
 * connections, enough for every thread, and a deadline so that no request can hang an iteration.
 */
public final class LoadClient implements AutoCloseable {
    /** Longer than any request of a sane cell; a blocked loop with hundreds queued can take seconds. */
    static final Timeout DEADLINE = Timeout.ofSeconds(60);

    private final CloseableHttpClient http;

    public LoadClient(int connections) {
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(DEADLINE)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(DEADLINE)
                        .setResponseTimeout(DEADLINE)
                        .build())
                // The routes never set cookies, redirect, authenticate or compress: leave those steps out of
                // every request's path, which is the harness floor the baseline measures.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .build();
    }

    /** True when the server answered 200; any other status or failure is an error, never an exception. */
    public boolean get(URI uri) {
        try {
            return http.execute(new HttpGet(uri), response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode() == 200;
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // At the end of a trial: nothing left to do with it.
        }
    }
}
