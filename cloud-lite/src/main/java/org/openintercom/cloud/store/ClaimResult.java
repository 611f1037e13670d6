package org.openintercom.cloud.store;

import java.util.Objects;

/** The outcome of a claim: the claimed device, or the reason it was refused and a message for the installer. */
public record ClaimResult(Device device, Refusal refusal, String detail) {

    /** Why a claim was refused. */
    public enum Refusal {
        /** The code is mistyped or not a claim code. */
        INVALID_CODE,
        /** Something else in the request is wrong (name, configuration). */
        INVALID_REQUEST,
        /** The installer may not claim into this site. */
        NOT_PERMITTED,
        /** The site does not exist. */
        UNKNOWN_SITE,
        /** Someone has claimed the device already. */
        ALREADY_CLAIMED,
        /** The code's nonce was used before (the device must show a new code). */
        NONCE_USED,
        /** The code's key fingerprint is not the one the device is known with. */
        KEY_MISMATCH
    }

    /** The device is claimed. */
    public static ClaimResult claimed(Device device) {
        return new ClaimResult(Objects.requireNonNull(device), null, null);
    }

    /** The claim was refused. */
    public static ClaimResult refused(Refusal refusal, String detail) {
        return new ClaimResult(null, Objects.requireNonNull(refusal), detail);
    }

    /** Whether the device was claimed. */
    public boolean isClaimed() {
        return device != null;
    }
}
