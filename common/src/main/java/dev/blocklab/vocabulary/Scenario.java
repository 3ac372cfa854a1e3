package dev.blocklab.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The slow routes, {@code /io/<scenario>?ms=N}: what the handler waits for. */
public enum Scenario {
    HTTP("one call to the slow HTTP service, which answers after `ms` (the seed's `requests.get`)"),
    DB("`pg_sleep(ms)` then an indexed lookup on PostgreSQL, through a pool of database connections (the seed's sync database call)"),
    MARIADB("`SLEEP(ms)` then the same indexed lookup on MariaDB, through a pool of database connections: MariaDB Connector/J"
            + " (blocking) or vertx-mysql-client (async), the seed's PyMySQL against asyncmy"),
    S3("gets a small object from an S3-compatible store (S3Proxy, embedded) that answers after `ms`: the AWS SDK v2's `S3Client`"
            + " (blocking) or `S3AsyncClient` (async), the seed's `boto3` against `aioboto3`"),
    FILE("reads from a local file what one read alone gets through in `ms` here (bytes measured when the downstreams wrote"
            + " it; past the page cache with O_DIRECT, as a cold cache would): `FileChannel` (blocking) or `AsynchronousFileChannel`"
            + " (async; on Linux a thread pool doing the same reads), the seed's `open()` against `aiofiles`"),
    MIXED("both, one after the other: the route takes twice the delay and holds a database connection for half of it"),
    SLEEP("waits `ms` with no downstream at all: `Thread.sleep` where the handler may block, the event loop's own timer where it"
            + " may not (the seed's `time.sleep` against `asyncio.sleep`), the lesson in its smallest form"),
    CPU("burns about `ms` of one core's time hashing, on the handler's thread (the offload pool for `loop-offload`): no client,"
            + " blocking or not, helps; only cores do");

    /** Where the slow routes live; each scenario's route is this plus its id. */
    public static final String ROUTE_PREFIX = "/io/";

    private final String description;

    Scenario(String description) {
        this.description = description;
    }

    /** What the route waits for, in a sentence for readers (Markdown). */
    public String description() {
        return description;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String path() {
        return ROUTE_PREFIX + id();
    }

    /** Whether the route calls the slow HTTP service (and so holds one of its connections for D). */
    public boolean callsHttp() {
        return this == HTTP || this == MIXED;
    }

    /** Whether the route calls a database, PostgreSQL or MariaDB (and so holds one of its pooled connections for D). */
    public boolean callsDb() {
        return this == DB || this == MIXED || this == MARIADB;
    }

    /** Whether the route calls the object store (and so holds one of its threads for D). */
    public boolean callsObjectStore() {
        return this == S3;
    }

    /** Whether the route needs MariaDB, which a machine without its binaries does not have. */
    public boolean needsMariaDb() {
        return this == MARIADB;
    }

    /**
     * Whether the route's delay is reading from the local disk: reads in flight share the device, which one read alone
     * keeps busy for the delay, so the device bounds it whatever the variant.
     */
    public boolean readsDisk() {
        return this == FILE;
    }

    /** Whether the route's delay is CPU work rather than a wait: then the machine's cores bound it, whatever the variant. */
    public boolean cpuBound() {
        return this == CPU;
    }

    /** How many delays D one request of the route waits: {@code mixed} calls both downstreams, one after the other. */
    public int delaysPerRequest() {
        return this == MIXED ? 2 : 1;
    }

    @JsonCreator
    public static Scenario fromId(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id().equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; valid scenarios: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id();
    }
}
