package org.openintercom.agent.sip;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a caller over TLS may ring, from the certificate chain it showed in the handshake (already valid
 * under the engine's trust anchors): a reason to refuse it with 403, or empty to let it ring.
 */
@FunctionalInterface
public interface CallerCheck {

    /** Why the caller with {@code chain} (leaf first) may not call; empty when it may. */
    Optional<String> problem(List<X509Certificate> chain);
}
