package org.openintercom.agent.media;

/**
 * Counters of one call's media: the codec in use, RTP packets sent and received, packets the receiver
 * found missing, frames it concealed, DTMF digits received and whether media is SRTP.
 */
public record MediaStats(
        String codec,
        long packetsSent,
        long packetsReceived,
        long packetsLost,
        long framesConcealed,
        long dtmfReceived,
        boolean srtp) {
}
