package org.openintercom.provisioning.claim;

/** A claim code or QR payload that cannot be read; the message says what is wrong with it. */
public final class InvalidClaimCodeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidClaimCodeException(String message) {
        super(message);
    }
}
