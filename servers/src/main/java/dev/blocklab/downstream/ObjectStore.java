package dev.blocklab.downstream;

import dev.blocklab.backend.ObjectStoreAddress;
import dev.blocklab.launch.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * A real S3-compatible object store on 127.0.0.1 (the seed's boto3 row): S3Proxy, from Maven Central, over jclouds'
 * in-memory store, checking every request's AWS signature against generated credentials. One object is stored; a GET
 * of {@code delay/<ms>/<object>} answers it after {@code ms}, so that the route waits like the slow HTTP service's.
 * The wait is a sleep in S3Proxy's storage layer, on one of its Jetty threads: {@link ObjectStoreAddress#THREADS} of them, which bound the
 * GETs in flight (the harness counts that limit into the bound).
 */
public final class ObjectStore implements AutoCloseable {
    private static final String SECRET_FILE = "blocklab.s3-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final ObjectStoreAddress address;
    private final GuardedDirectory directory;

    private ObjectStore(S3Proxy proxy, BlobStoreContext context, ObjectStoreAddress address, GuardedDirectory directory) {
        this.proxy = proxy;
        this.context = context;
        this.address = address;
        this.directory = directory;
    }

    public static ObjectStore start() {
        BlobStoreContext context = null;
        S3Proxy proxy = null;
        GuardedDirectory directory = null;
        try {
            directory = GuardedDirectory.create("s3");
            String accessKey = ObjectStoreAddress.ACCESS_KEY;
            String secret = Secrets.generate();
            directory.writePrivate(SECRET_FILE, secret);

            context = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
            BlobStore store = context.getBlobStore();
            store.createContainerInLocation(null, ObjectStoreAddress.BUCKET);
            store.putBlob(ObjectStoreAddress.BUCKET, store.blobBuilder(ObjectStoreAddress.OBJECT)
                    .payload(ObjectStoreAddress.CONTENT.getBytes(StandardCharsets.UTF_8)).contentType("application/json").build());
            proxy = S3Proxy.builder()
                    .blobStore(new Delaying(store))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secret)
                    // Recent AWS SDKs send checksum headers S3Proxy 2.6.0 does not know; it would refuse them with 501.
                    .ignoreUnknownHeaders(true)
                    .jettyMaxThreads(ObjectStoreAddress.THREADS)
                    .build();
            proxy.start();
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            return new ObjectStore(proxy, context, new ObjectStoreAddress(endpoint, accessKey, secret), directory);
        } catch (Exception e) {
            stopQuietly(proxy);
            if (context != null) {
                context.close();
            }
            if (directory != null) {
                directory.close();
            }
            throw new IllegalStateException("could not start the object store (S3Proxy): " + e.getMessage(), e);
        }
    }

    public ObjectStoreAddress address() {
        return address;
    }

    /** The file with the secret key (mode 0600), for the servers: the ready line carries its path, never the key. */
    public Path secretFile() {
        return directory.resolve(SECRET_FILE);
    }

    /** Answers {@code delay/<ms>/<object>} with the object, after {@code ms}. */
    private static final class Delaying extends ForwardingBlobStore {
        Delaying(BlobStore store) {
            super(store);
        }

        @Override
        public Blob getBlob(String container, String name) {
            return super.getBlob(container, delayed(name));
        }

        @Override
        public Blob getBlob(String container, String name, GetOptions options) {
            return super.getBlob(container, delayed(name), options);
        }

        private static String delayed(String name) {
            ObjectStoreAddress.Key key = ObjectStoreAddress.Key.parse(name);
            if (key.delayMs() > 0) {
                try {
                    Thread.sleep(key.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return key.object();
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            System.err.println("blocklab: stopping the object store failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stopQuietly(proxy);
        context.close();
        directory.close();
    }
}
