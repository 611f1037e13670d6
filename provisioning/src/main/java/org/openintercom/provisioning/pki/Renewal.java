package org.openintercom.provisioning.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** When a certificate should be renewed: once 80 % of its lifetime has passed. */
public final class Renewal {

    /** Fraction of the lifetime after which renewal is due, in percent. */
    public static final int DUE_PERCENT = 80;

    private Renewal() {
    }

    /** notBefore + 80 % of (notAfter − notBefore). */
    public static Instant dueAt(X509Certificate certificate) {
        Instant from = certificate.getNotBefore().toInstant();
        Duration lifetime = Duration.between(from, certificate.getNotAfter().toInstant());
        return from.plus(lifetime.multipliedBy(DUE_PERCENT).dividedBy(100));
    }

    /** Whether renewal is due at {@code now}. */
    public static boolean isDue(X509Certificate certificate, Instant now) {
        return !now.isBefore(dueAt(certificate));
    }
}
