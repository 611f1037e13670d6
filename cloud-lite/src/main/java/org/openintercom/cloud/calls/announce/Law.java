package org.openintercom.cloud.calls.announce;

/** The G.711 law the caller agreed to, with its static RTP payload type (RFC 3551). */
enum Law {
    ULAW(0, "PCMU"),
    ALAW(8, "PCMA");

    final int payloadType;
    final String encodingName;

    Law(int payloadType, String encodingName) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
    }
}
