package org.openintercom.agent.update;

import java.util.Objects;

/** What a slot holds: the firmware version, its security version and the SHA-256 of the installed image. */
public record SlotImage(String version, long securityVersion, String sha256) {

    public SlotImage {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        if (securityVersion < 0) {
            throw new IllegalArgumentException("securityVersion must not be negative");
        }
    }
}
