package org.openintercom.provisioning.channel;

/** A device's request for a new operational certificate (sent over mutual TLS with its current one). */
public record RenewalRequest(String csr) {

    public RenewalRequest {
        if (csr == null || !csr.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
            throw new IllegalArgumentException("csr must be a PEM certificate request");
        }
    }
}
