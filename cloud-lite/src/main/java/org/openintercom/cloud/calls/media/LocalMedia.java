package org.openintercom.cloud.calls.media;

import java.net.InetAddress;

/**
 * Where a phone must send its media on one leg of the relay: the relay's advertised address with the leg's RTP
 * port (even) and RTCP port (RTP + 1). This is what {@link SdpRewriter} writes into the SDP that phone receives.
 */
public record LocalMedia(InetAddress address, int rtpPort, int rtcpPort) {

    public LocalMedia {
        if (address == null) {
            throw new IllegalArgumentException("local media: address is required");
        }
        if (rtpPort < 1 || rtpPort > 65535 || rtcpPort < 1 || rtcpPort > 65535) {
            throw new IllegalArgumentException("local media: ports " + rtpPort + "/" + rtcpPort + " are not ports");
        }
    }
}
