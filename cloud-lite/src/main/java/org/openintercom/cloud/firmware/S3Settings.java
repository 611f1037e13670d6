package org.openintercom.cloud.firmware;

import java.net.URI;
import java.util.Objects;

/**
 * An S3-compatible bucket for firmware (AWS S3, MinIO, Ceph RGW, Garage, ...), addressed path-style
 * ({@code endpoint/bucket/key}) and signed with AWS Signature Version 4. {@code prefix} is put in front of
 * every key (may be empty). The secret key is never logged.
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, String accessKey,
        String secretKey) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "s3 endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("s3-endpoint must be an http(s) URL, not " + endpoint);
        }
        if (region == null || region.isBlank()) {
            region = "us-east-1";
        }
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("s3-bucket '" + bucket + "' is not a valid bucket name");
        }
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(accessKey, "s3 access key");
        Objects.requireNonNull(secretKey, "s3 secret key");
    }

    @Override
    public String toString() {
        return "S3Settings[" + endpoint + ", region " + region + ", bucket " + bucket + ", prefix '" + prefix
                + "', access key " + accessKey + "]";
    }
}
