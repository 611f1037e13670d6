package org.openintercom.cloud.calls.sip;

import java.time.Instant;
import java.util.Objects;

/**
 * One registered contact of an address of record.
 *
 * @param aor the address of record's user name (a SIP user or a station's device id)
 * @param contact the Contact URI the phone registered, e.g. {@code sip:alice@192.0.2.7:5060;transport=udp}
 * @param source where the REGISTER came from, {@code host:port} (differs from the contact behind NAT)
 * @param transport the transport it came over ({@code udp}, {@code tcp}, {@code tls})
 * @param callId the REGISTER's Call-ID (a phone refreshing its binding keeps it)
 * @param cseq the REGISTER's CSeq number (an older one is ignored)
 * @param expires when the binding lapses unless refreshed
 * @param userAgent the phone's User-Agent, if it sent one (for the operator)
 */
public record Binding(String aor, String contact, String source, String transport, String callId, long cseq,
        Instant expires, String userAgent) {

    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(expires, "expires");
    }

    boolean liveAt(Instant now) {
        return expires.isAfter(now);
    }
}
