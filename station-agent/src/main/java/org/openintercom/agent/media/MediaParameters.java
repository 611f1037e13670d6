package org.openintercom.agent.media;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What SDP offer/answer agreed for one call: the audio codec, the telephone-event payload type (-1 if the
 * other side does not support RFC 4733), where to send RTP, and the SRTP keys if media is encrypted.
 */
public record MediaParameters(
        RtpCodec codec, int telephoneEventPayloadType, InetSocketAddress remote, Optional<SrtpKeys> srtp) {
}
