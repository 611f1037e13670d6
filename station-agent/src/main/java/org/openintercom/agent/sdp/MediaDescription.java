package org.openintercom.agent.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One SDP media section: {@code m=media port proto formats}, an optional media-level connection, rtpmap and
 * fmtp attributes by payload type, SDES crypto lines, the direction and the packet time. Other attributes are
 * kept verbatim (without {@code a=}) in {@code otherAttributes}.
 */
public record MediaDescription(
        String media,
        int port,
        String proto,
        List<String> formats,
        Optional<Connection> connection,
        List<RtpMap> rtpMaps,
        Map<Integer, String> fmtps,
        List<CryptoAttribute> crypto,
        Direction direction,
        OptionalInt ptime,
        List<String> otherAttributes) {

    public static final String RTP_AVP = "RTP/AVP";
    public static final String RTP_SAVP = "RTP/SAVP";

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(proto, "proto");
        formats = List.copyOf(formats);
        connection = Objects.requireNonNull(connection, "connection");
        rtpMaps = List.copyOf(rtpMaps);
        fmtps = Map.copyOf(fmtps);
        crypto = List.copyOf(crypto);
        direction = direction == null ? Direction.SENDRECV : direction;
        ptime = Objects.requireNonNull(ptime, "ptime");
        otherAttributes = List.copyOf(otherAttributes);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("media port out of range: " + port);
        }
    }

    /** The rtpmap for {@code payloadType}, if one was given. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        return rtpMaps.stream().filter(m -> m.payloadType() == payloadType).findFirst();
    }

    /** True for an audio RTP section carried as plain RTP or SRTP. */
    public boolean isRtpAudio() {
        return media.equals("audio") && (proto.equals(RTP_AVP) || proto.equals(RTP_SAVP));
    }

    /** A copy with port 0 (a refused stream, RFC 3264 §6). */
    public MediaDescription refused() {
        return new MediaDescription(media, 0, proto, formats, connection, List.of(), Map.of(), List.of(), direction,
                OptionalInt.empty(), List.of());
    }
}
