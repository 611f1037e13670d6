package org.openintercom.agent.sip;

import java.util.Locale;

/** SIP transports. Calls signalled over {@link #TLS} always use SRTP media. */
public enum SipTransport {
    UDP, TCP, TLS;

    /** The lower-case name used in URI {@code transport=} parameters. */
    public String uriParameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean secure() {
        return this == TLS;
    }
}
