package org.openintercom.agent.sdp;

import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link SessionDescription} as SDP text with CRLF line ends. */
public final class SdpWriter {

    private SdpWriter() {
    }

    public static String write(SessionDescription sdp) {
        StringBuilder b = new StringBuilder(256);
        line(b, "v=0");
        line(b, sdp.origin().line());
        line(b, "s=" + sdp.sessionName());
        sdp.connection().ifPresent(c -> line(b, c.line()));
        line(b, "t=0 0");
        for (MediaDescription m : sdp.media()) {
            line(b, "m=" + m.media() + " " + m.port() + " " + m.proto() + " " + String.join(" ", m.formats()));
            m.connection().ifPresent(c -> line(b, c.line()));
            for (RtpMap map : m.rtpMaps()) {
                line(b, "a=rtpmap:" + map.value());
            }
            for (Map.Entry<Integer, String> f : new TreeMap<>(m.fmtps()).entrySet()) {
                line(b, "a=fmtp:" + f.getKey() + " " + f.getValue());
            }
            for (CryptoAttribute c : m.crypto()) {
                line(b, "a=crypto:" + c.value());
            }
            m.ptime().ifPresent(p -> line(b, "a=ptime:" + p));
            for (String other : m.otherAttributes()) {
                line(b, "a=" + other);
            }
            if (m.port() != 0) {
                line(b, "a=" + m.direction().attribute());
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String line) {
        b.append(line).append("\r\n");
    }
}
