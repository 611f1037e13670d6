package org.openintercom.agent.sip;

import java.net.InetSocketAddress;

/**
 * The outcome of SDP offer/answer for a call: the codec both sides use ({@code "opus"}, {@code "G722"},
 * {@code "PCMA"}, {@code "PCMU"}), its RTP payload type and clock rate, whether media is SRTP, the RTP
 * address media is sent to and the local RTP port.
 */
public record NegotiatedMedia(
        String codec, int payloadType, int clockRate, boolean srtp, InetSocketAddress remoteRtp, int localRtpPort) {
}
