package dev.blocklab.backend;

import java.net.URI;

/** The two slow things a server under test calls. */
public record Downstreams(URI slowService, Database database) {
    /** The slow service's URL for one delay. */
    public URI delayUrl(int ms) {
        return slowService.resolve("/delay?ms=" + ms);
    }
}
