package org.openintercom.cloud.calls.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a phone said (in its SDP) it receives RTP and RTCP. The relay sends there until it latches to the source the
 * phone really sends from (see {@link RelayLeg}). With {@code a=rtcp-mux} RTCP shares the RTP address.
 */
public record RemoteMedia(InetSocketAddress rtp, InetSocketAddress rtcp) {

    public RemoteMedia {
        if (rtp == null || rtcp == null) {
            throw new IllegalArgumentException("remote media: rtp and rtcp addresses are required");
        }
        if (rtp.isUnresolved() || rtcp.isUnresolved()) {
            throw new IllegalArgumentException("remote media: " + rtp + " / " + rtcp + " must be IP addresses");
        }
    }

    /** RTP on {@code address:rtpPort} and RTCP on the port above, the RFC 3550 default. */
    public static RemoteMedia of(InetAddress address, int rtpPort) {
        return new RemoteMedia(new InetSocketAddress(address, rtpPort), new InetSocketAddress(address, rtpPort + 1));
    }
}
