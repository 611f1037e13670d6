package org.openintercom.provisioning.channel;

/**
 * What a device sends to the cloud's device endpoint (over mutual TLS with its birth certificate): the
 * claim nonce from its label and a PKCS#10 CSR (PEM) for the key it made for itself.
 */
public record EnrollmentRequest(String claimNonce, String csr) {

    public EnrollmentRequest {
        if (claimNonce == null || claimNonce.isBlank() || claimNonce.length() > 64) {
            throw new IllegalArgumentException("claimNonce is required (1 to 64 characters)");
        }
        if (csr == null || !csr.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
            throw new IllegalArgumentException("csr must be a PEM certificate request");
        }
    }
}
