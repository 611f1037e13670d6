package org.openintercom.provisioning.pki;

import org.bouncycastle.asn1.x509.CRLReason;

/** Why a certificate was revoked, with its RFC 5280 CRLReason code. */
public enum RevocationReason {
    /** No reason given. */
    UNSPECIFIED(CRLReason.unspecified),
    /** The private key is known or suspected to be compromised. */
    KEY_COMPROMISE(CRLReason.keyCompromise),
    /** The device changed owner. */
    AFFILIATION_CHANGED(CRLReason.affiliationChanged),
    /** Replaced by a renewed certificate. */
    SUPERSEDED(CRLReason.superseded),
    /** The device was unclaimed or decommissioned. */
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The CRLReason code written into CRL entries. */
    public int code() {
        return code;
    }
}
