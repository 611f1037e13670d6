package org.openintercom.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the station updates its firmware (the {@code cloud.update} block): where its A/B slots and downloads live,
 * the release root it trusts for firmware (nothing else signs bundles it installs), how long a new slot has to
 * prove itself after a reboot, and the caps on download retries.
 *
 * @param slotsDir          the A/B slot folder of an emulated station ({@code FileSlotDriver})
 * @param downloadDir       partial downloads and the updater's state file
 * @param releaseRoot       PEM file with the release CA root certificate
 * @param healthDeadline    how long the health check of a trial slot may take before it counts as failed
 * @param maxAttempts       attempts per HTTP request before the update fails (at least 1)
 * @param retryMin          smallest wait between attempts (exponential backoff with full jitter)
 * @param retryMax          largest wait between attempts
 * @param maxChunkRefetches how often one chunk may arrive damaged before the update fails
 */
public record UpdateSettings(Path slotsDir, Path downloadDir, Path releaseRoot, Duration healthDeadline,
        int maxAttempts, Duration retryMin, Duration retryMax, int maxChunkRefetches) {

    /** Default health deadline: 120 s. */
    public static final Duration HEALTH_DEADLINE = Duration.ofSeconds(120);

    public UpdateSettings {
        Objects.requireNonNull(slotsDir, "slots");
        Objects.requireNonNull(downloadDir, "downloads");
        Objects.requireNonNull(releaseRoot, "release-root");
        Objects.requireNonNull(healthDeadline, "health-deadline");
        Objects.requireNonNull(retryMin, "retry-min");
        Objects.requireNonNull(retryMax, "retry-max");
        if (healthDeadline.isNegative() || healthDeadline.isZero()) {
            throw new IllegalArgumentException("health-deadline must be positive, was " + healthDeadline);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        }
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retry-max must not be below retry-min");
        }
        if (maxChunkRefetches < 0) {
            throw new IllegalArgumentException("max-chunk-refetches must not be negative, was " + maxChunkRefetches);
        }
    }

    /** Settings with the defaults: 120 s health deadline, 6 attempts between 1 s and 60 s, 5 re-fetches per chunk. */
    public static UpdateSettings of(Path slotsDir, Path downloadDir, Path releaseRoot) {
        return new UpdateSettings(slotsDir, downloadDir, releaseRoot, HEALTH_DEADLINE, 6, Duration.ofSeconds(1),
                Duration.ofSeconds(60), 5);
    }

    /** A copy with other retry bounds. */
    public UpdateSettings withRetries(int attempts, Duration min, Duration max) {
        return new UpdateSettings(slotsDir, downloadDir, releaseRoot, healthDeadline, attempts, min, max,
                maxChunkRefetches);
    }

    /** A copy with another health deadline. */
    public UpdateSettings withHealthDeadline(Duration deadline) {
        return new UpdateSettings(slotsDir, downloadDir, releaseRoot, deadline, maxAttempts, retryMin, retryMax,
                maxChunkRefetches);
    }
}
