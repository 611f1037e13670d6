package org.openintercom.ota;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.OptionalInt;

/** The outcome of verifying a bundle: valid with its trusted manifest, or refused with a reason. */
public sealed interface Verification {

    /** A valid bundle: its signature, signer and payload check out. */
    record Valid(Manifest manifest, X509Certificate signer) implements Verification {
        public Valid {
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(signer, "signer");
        }
    }

    /** A refused bundle; {@code badChunk} names the first bad chunk of a {@link RefusalReason#PAYLOAD_MISMATCH}. */
    record Refused(RefusalReason reason, String message, OptionalInt badChunk) implements Verification {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(badChunk, "badChunk");
        }

        @Override
        public String toString() {
            return reason + ": " + message;
        }
    }

    /** A valid outcome. */
    static Verification valid(Manifest manifest, X509Certificate signer) {
        return new Valid(manifest, signer);
    }

    /** A refusal without a chunk index. */
    static Verification refused(RefusalReason reason, String message) {
        return new Refused(reason, message, OptionalInt.empty());
    }

    /** A payload refusal naming the first bad chunk. */
    static Verification badChunk(int index, String message) {
        return new Refused(RefusalReason.PAYLOAD_MISMATCH, message, OptionalInt.of(index));
    }

    /** Whether the bundle is valid. */
    default boolean isValid() {
        return this instanceof Valid;
    }
}
