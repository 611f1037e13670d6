package org.openintercom.provisioning.pki;

import java.util.Objects;
import org.openintercom.provisioning.claim.DeviceId;

/** The outcome of checking a birth certificate: the device it proves, or why it was refused. */
public sealed interface BirthVerification {

    /** Why a birth certificate was refused. */
    enum Reason {
        /** Not signed by the manufacturer CA (a foreign or forged CA, or a broken chain). */
        FOREIGN_CA,
        /** Past its notAfter. */
        EXPIRED,
        /** Before its notBefore. */
        NOT_YET_VALID,
        /** Signed by the manufacturer but not a birth certificate: no birth SAN URI, or a CN that is not it. */
        NOT_A_BIRTH_CERTIFICATE
    }

    /** A valid birth certificate of {@code deviceId}. */
    record Valid(DeviceId deviceId) implements BirthVerification {
        public Valid {
            Objects.requireNonNull(deviceId, "deviceId");
        }
    }

    /** A refused birth certificate. */
    record Refused(Reason reason, String message) implements BirthVerification {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Valid for {@code deviceId}. */
    static BirthVerification valid(DeviceId deviceId) {
        return new Valid(deviceId);
    }

    /** Refused for {@code reason}. */
    static BirthVerification refused(Reason reason, String message) {
        return new Refused(reason, message);
    }

    /** Whether the certificate is valid. */
    default boolean isValid() {
        return this instanceof Valid;
    }
}
