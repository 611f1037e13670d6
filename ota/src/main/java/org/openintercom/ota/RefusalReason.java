package org.openintercom.ota;

/** Why a bundle is refused, in the order the verifier checks (docs/ota.md, "Verification"). */
public enum RefusalReason {
    /** Not a bundle, or a container or manifest format version this software does not read. */
    UNSUPPORTED_FORMAT,
    /** The bundle carries no signature. */
    NOT_SIGNED,
    /** The signer's chain does not lead to the trusted release root, or the signer may not sign code. */
    UNTRUSTED_SIGNER,
    /** A certificate of the signer's chain is expired (or not yet valid) at verification time. */
    SIGNER_EXPIRED,
    /** The signature does not verify over the manifest bytes (or its block cannot be read). */
    BAD_SIGNATURE,
    /** The signed manifest cannot be read or its header does not fit the file. */
    MANIFEST_MALFORMED,
    /** The payload's size, a chunk's digest or the whole payload's digest differs from the manifest. */
    PAYLOAD_MISMATCH
}
