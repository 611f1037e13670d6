package org.openintercom.cloud.firmware;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the firmware repository stores and serves bundles: on disk (default {@code <data>/firmware}) or in
 * S3-compatible storage, per-device download caps (bytes per second and parallel downloads), the largest bundle
 * accepted, and how many earlier releases get a precomputed patch to each new one. Immutable; see
 * {@link #builder()} for the defaults.
 */
public record FirmwareSettings(Optional<Path> diskDirectory, Optional<S3Settings> s3, long deviceBytesPerSecond,
        int maxParallelDownloadsPerDevice, long maxBundleSize, int deltaBases) {

    /** Default per-device rate cap: 4 MiB/s. */
    public static final long DEFAULT_DEVICE_BYTES_PER_SECOND = 4L << 20;
    /** Default parallel downloads per device: 2. */
    public static final int DEFAULT_PARALLEL_DOWNLOADS = 2;
    /** Default largest bundle: 2 GiB. */
    public static final long DEFAULT_MAX_BUNDLE_SIZE = 2L << 30;
    /** Default number of earlier releases a patch is precomputed from: 3. */
    public static final int DEFAULT_DELTA_BASES = 3;

    public FirmwareSettings {
        Objects.requireNonNull(diskDirectory, "diskDirectory");
        Objects.requireNonNull(s3, "s3");
        if (diskDirectory.isPresent() && s3.isPresent()) {
            throw new IllegalArgumentException("firmware storage is either a folder or S3, not both");
        }
        if (deviceBytesPerSecond < 1024) {
            throw new IllegalArgumentException("firmware-rate-per-device must be at least 1024 bytes/s, not "
                    + deviceBytesPerSecond);
        }
        if (maxParallelDownloadsPerDevice < 1) {
            throw new IllegalArgumentException("firmware-parallel-per-device must be at least 1, not "
                    + maxParallelDownloadsPerDevice);
        }
        if (maxBundleSize < 1024) {
            throw new IllegalArgumentException("firmware-max-bundle-size must be at least 1024 bytes, not "
                    + maxBundleSize);
        }
        if (deltaBases < 0) {
            throw new IllegalArgumentException("firmware-delta-bases must not be negative, not " + deltaBases);
        }
    }

    /** The defaults: disk storage in the data folder, 4 MiB/s and 2 downloads per device, 2 GiB, 3 bases. */
    public static FirmwareSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link FirmwareSettings}. */
    public static final class Builder {
        private Path diskDirectory;
        private S3Settings s3;
        private long deviceBytesPerSecond = DEFAULT_DEVICE_BYTES_PER_SECOND;
        private int maxParallel = DEFAULT_PARALLEL_DOWNLOADS;
        private long maxBundleSize = DEFAULT_MAX_BUNDLE_SIZE;
        private int deltaBases = DEFAULT_DELTA_BASES;

        private Builder() {
        }

        /** Keep bundles in this folder (default {@code <data>/firmware}). */
        public Builder diskDirectory(Path dir) {
            this.diskDirectory = dir;
            return this;
        }

        /** Keep bundles in S3-compatible storage instead of on disk. */
        public Builder s3(S3Settings s3) {
            this.s3 = s3;
            return this;
        }

        /** The download rate cap of one device, over all its downloads (default 4 MiB/s). */
        public Builder deviceBytesPerSecond(long rate) {
            this.deviceBytesPerSecond = rate;
            return this;
        }

        /** How many downloads one device may run at once (default 2); more get 429 with Retry-After. */
        public Builder maxParallelDownloadsPerDevice(int max) {
            this.maxParallel = max;
            return this;
        }

        /** The largest bundle accepted at upload (default 2 GiB); larger get 413. */
        public Builder maxBundleSize(long bytes) {
            this.maxBundleSize = bytes;
            return this;
        }

        /** How many earlier releases (of a shared model) get a patch to each upload (default 3; 0: none). */
        public Builder deltaBases(int n) {
            this.deltaBases = n;
            return this;
        }

        public FirmwareSettings build() {
            return new FirmwareSettings(Optional.ofNullable(diskDirectory), Optional.ofNullable(s3),
                    deviceBytesPerSecond, maxParallel, maxBundleSize, deltaBases);
        }
    }
}
