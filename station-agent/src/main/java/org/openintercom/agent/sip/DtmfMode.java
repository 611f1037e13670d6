package org.openintercom.agent.sip;

/** How a DTMF digit travels. */
public enum DtmfMode {
    /** RFC 4733 telephone-event RTP packets. */
    RFC4733,
    /** SIP INFO with application/dtmf-relay (or application/dtmf) body. */
    SIP_INFO
}
