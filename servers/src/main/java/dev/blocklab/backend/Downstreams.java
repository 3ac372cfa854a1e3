package dev.blocklab.backend;

import java.net.URI;
import java.util.Optional;

/**
 * The slow things a server under test calls; MariaDB only when the downstreams have one (its binaries may be missing), the
 * data file and the object store only when they have them.
 */
public record Downstreams(URI slowService, Database database, Optional<Database> mariadb, Optional<DataFile> file,
        Optional<ObjectStoreAddress> objectStore) {
    /** The slow service's URL for one delay. */
    public URI delayUrl(int ms) {
        return slowService.resolve("/delay?ms=" + ms);
    }
}
