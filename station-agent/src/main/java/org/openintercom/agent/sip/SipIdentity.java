package org.openintercom.agent.sip;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a station is on SIP once the cloud has enrolled it: its device id (the SIP user it registers as), the
 * operational key and certificate chain it shows over TLS, the cloud's trust anchors it accepts peers under, and
 * the cloud's call relay it registers with (when the cloud runs one).
 *
 * @param user the device id
 * @param registrar the relay's registrar, e.g. {@code sip:cloud.example.com:5061;transport=tls}
 */
public record SipIdentity(String user, PrivateKey key, List<X509Certificate> chain,
        List<X509Certificate> trustAnchors, Optional<String> registrar) {

    public SipIdentity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        trustAnchors = List.copyOf(trustAnchors);
        Objects.requireNonNull(registrar, "registrar");
        if (chain.isEmpty() || trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a SIP identity needs a certificate chain and trust anchors");
        }
    }
}
