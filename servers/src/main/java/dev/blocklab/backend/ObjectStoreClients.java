package dev.blocklab.backend;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** What the blocking {@code S3Client} and the async {@code S3AsyncClient} share: where, how to sign, and the request. */
final class ObjectStoreClients {
    private ObjectStoreClients() {}

    /**
     * Points a client builder at the store: path-style addressing (no bucket host names on loopback), any region (the
     * store takes the one signed for), no retries (a failure is answered, not hidden), and checksums only where the API
     * requires them (the SDK's default trailing checksums are newer than S3Proxy 2.6.0).
     */
    static <B extends S3BaseClientBuilder<B, C>, C> B configure(B builder, ObjectStoreAddress store, Limits limits) {
        return builder
                .endpointOverride(store.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(store.accessKey(), store.secretKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    /** The GET of the object that answers after {@code ms}, bounded by the route's deadline. */
    static GetObjectRequest get(int ms, Limits limits) {
        Duration deadline = limits.timeoutFor(ms);
        return GetObjectRequest.builder()
                .bucket(ObjectStoreAddress.BUCKET)
                .key(new ObjectStoreAddress.Key(ms, ObjectStoreAddress.OBJECT).name())
                .overrideConfiguration(o -> o.apiCallTimeout(deadline))
                .build();
    }
}
