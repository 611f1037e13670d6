package org.openintercom.cloud.mqtt;

import java.security.cert.X509Certificate;

/**
 * Tells the broker whether a client certificate has been revoked; asked on every connect, so it must answer
 * quickly (from memory, not from a remote call).
 */
@FunctionalInterface
public interface RevocationCheck {

    /** Accepts every certificate (nothing is revoked). */
    RevocationCheck NONE = certificate -> false;

    /** Whether {@code certificate} has been revoked. */
    boolean isRevoked(X509Certificate certificate);
}
