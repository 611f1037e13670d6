package org.openintercom.provisioning.pki;

import java.util.Objects;

/**
 * Why the certificate authority refused a request: a code a program can act on and a message a person can.
 *
 * @param code what kind of problem
 * @param message what exactly is wrong, naming the values involved
 */
public record Rejection(Code code, String message) {

    /** The kinds of refused requests. */
    public enum Code {
        /** The request's signature does not verify against the key in it (not proof of possession). */
        BAD_SIGNATURE,
        /** The subject CN is not the device id the request was expected from. */
        WRONG_DEVICE,
        /** The key is too weak or of a kind not accepted. */
        WEAK_KEY,
        /** The request asks for CA rights (basicConstraints cA=true, keyCertSign or cRLSign). */
        REQUESTS_CA_RIGHTS,
        /** The request cannot be read. */
        MALFORMED
    }

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
