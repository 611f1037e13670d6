package org.openintercom.ota;

import java.util.Objects;
import org.openintercom.ota.internal.Hex;

/** The firmware a delta payload applies to: its version and the SHA-256 of its full payload (lower-case hex). */
public record DeltaBase(FirmwareVersion version, String payloadSha256) {

    public DeltaBase {
        Objects.requireNonNull(version, "a delta base needs a version");
        Hex.requireSha256(payloadSha256, "delta base payloadSha256");
    }
}
