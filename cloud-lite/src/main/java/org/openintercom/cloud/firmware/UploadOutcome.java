package org.openintercom.cloud.firmware;

import java.util.Objects;
import org.openintercom.ota.RefusalReason;

/**
 * What became of an uploaded bundle: stored (new), already there (same bundle id: nothing changes), refused
 * by verification (with the verifier's reason), or larger than allowed.
 */
public record UploadOutcome(Kind kind, FirmwareRelease release, RefusalReason reason, String message) {

    /** The kinds of outcome. */
    public enum Kind {
        /** Verified and stored. */
        STORED,
        /** A bundle with the same id was stored before; the stored record is returned. */
        ALREADY_STORED,
        /** The bundle did not verify against the release root. */
        REFUSED,
        /** The body is larger than the configured maximum. */
        TOO_LARGE
    }

    public UploadOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static UploadOutcome stored(FirmwareRelease release) {
        return new UploadOutcome(Kind.STORED, release, null, "stored " + release.bundleId());
    }

    static UploadOutcome alreadyStored(FirmwareRelease release) {
        return new UploadOutcome(Kind.ALREADY_STORED, release, null, release.bundleId() + " was already stored");
    }

    static UploadOutcome refused(RefusalReason reason, String message) {
        return new UploadOutcome(Kind.REFUSED, null, reason, message);
    }

    static UploadOutcome tooLarge(long max) {
        return new UploadOutcome(Kind.TOO_LARGE, null, null, "bundle is larger than " + max + " bytes");
    }
}
