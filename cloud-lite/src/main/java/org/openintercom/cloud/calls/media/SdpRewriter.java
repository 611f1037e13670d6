package org.openintercom.cloud.calls.media;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and rewrites SDP bodies for the media relay: {@link #remoteMedia} finds where a phone receives its audio,
 * {@link #rewrite} makes a body point at the relay instead.
 *
 * <p>The rewrite changes only these lines, and keeps every other byte (line ends included, CRLF or LF, line by line):
 * <ul>
 * <li>every {@code c=} line (session and media level) becomes {@code c=IN IP4 <advertised>} ({@code IN IP6} for an
 *     IPv6 relay address);
 * <li>the first {@code m=audio} with a port other than 0 gets the leg's RTP port (a port count {@code /n} is dropped:
 *     the relay gives one pair); other {@code m=} lines (video, a second audio) get port 0, declined, since the relay
 *     anchors one audio stream; ports that are 0 stay 0;
 * <li>{@code a=rtcp:} in the relayed audio section gets the leg's RTCP port (and the relay address if it named one);
 *     none is added when absent, since the relay's RTCP port is RTP + 1, the default;
 * <li>ICE lines are dropped ({@code a=candidate}, {@code a=remote-candidates}, {@code a=end-of-candidates},
 *     {@code a=ice-ufrag}, {@code a=ice-pwd}, {@code a=ice-options}, {@code a=ice-lite}, {@code a=ice-mismatch},
 *     {@code a=ice-pacing}): the relay's address is the only one a phone may use.
 * </ul>
 * {@code o=} is kept as it was. Codecs, {@code a=crypto} (SDES keys travel end to end, the relay does not touch SRTP),
 * {@code a=rtpmap}, {@code a=fmtp}, direction and {@code a=rtcp-mux} are kept.
 */
public final class SdpRewriter {

    private static final Set<String> ICE_ATTRIBUTES = Set.of("candidate", "remote-candidates", "end-of-candidates",
            "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch", "ice-pacing");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private SdpRewriter() {
    }

    /** {@link #rewrite(String, LocalMedia)} of a body in bytes; bytes outside the changed lines are kept. */
    public static byte[] rewrite(byte[] sdp, LocalMedia relay) {
        return latin1(rewrite(latin1(sdp), relay));
    }

    /** Bytes as chars one to one (ISO-8859-1), so text work on them keeps every byte it does not change. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The body with the relay's address and the leg's ports in place of the phone's (see the class comment).
     *
     * @throws SdpFormatException naming the line when the body is malformed
     */
    public static String rewrite(String sdp, LocalMedia relay) {
        List<SdpLine> lines = SdpLine.split(sdp);
        String connection = "IN " + (relay.address() instanceof Inet6Address ? "IP6 " : "IP4 ")
                + relay.address().getHostAddress();
        StringBuilder out = new StringBuilder(sdp.length() + 32);
        boolean audioTaken = false;
        boolean relayedSection = false;
        boolean sawMedia = false;
        boolean sessionConnection = false;
        SdpLine relayedMediaLine = null;
        boolean relayedConnection = false;
        for (SdpLine line : lines) {
            String text = line.text();
            switch (line.type()) {
                case 'c' -> {
                    parseConnection(line);
                    if (!sawMedia) {
                        sessionConnection = true;
                    } else if (relayedSection) {
                        relayedConnection = true;
                    }
                    text = "c=" + connection;
                }
                case 'm' -> {
                    checkConnection(relayedMediaLine, sessionConnection || relayedConnection);
                    MediaLine media = parseMedia(line);
                    sawMedia = true;
                    relayedSection = media.kind().equals("audio") && media.port() != 0 && !audioTaken;
                    relayedMediaLine = relayedSection ? line : null;
                    relayedConnection = false;
                    int port = relayedSection ? relay.rtpPort() : 0;
                    audioTaken |= relayedSection;
                    text = text.substring(0, media.portStart()) + port + text.substring(media.portEnd());
                }
                case 'a' -> {
                    String name = line.attributeName();
                    if (ICE_ATTRIBUTES.contains(name)) {
                        continue;
                    }
                    if (name.equals("rtcp")) {
                        Rtcp rtcp = parseRtcp(line);
                        if (relayedSection) {
                            text = "a=rtcp:" + relay.rtcpPort() + (rtcp.address() == null ? "" : " " + connection);
                        }
                    }
                }
                default -> {
                    // every other line is kept as it is
                }
            }
            out.append(text).append(line.end());
        }
        checkConnection(relayedMediaLine, sessionConnection || relayedConnection);
        return out.toString();
    }

    /** {@link #remoteMedia(String)} of a body in bytes. */
    public static Optional<RemoteMedia> remoteMedia(byte[] sdp) {
        return remoteMedia(latin1(sdp));
    }

    /**
     * Where the phone that wrote {@code sdp} receives audio: the first {@code m=audio} with a port other than 0, at
     * its {@code c=} (media level, else session level); RTCP at {@code a=rtcp:} if given, else on the RTP address
     * with {@code a=rtcp-mux}, else RTP port + 1. Empty when no audio is offered or accepted (port 0) or the address
     * is {@code 0.0.0.0}/{@code ::} (old-style hold).
     *
     * @throws SdpFormatException naming the line when the body is malformed
     */
    public static Optional<RemoteMedia> remoteMedia(String sdp) {
        InetAddress session = null;
        InetAddress media = null;
        int rtpPort = 0;
        boolean sawMedia = false;
        Rtcp rtcp = null;
        boolean mux = false;
        boolean inAudio = false;
        SdpLine audioLine = null;
        for (SdpLine line : SdpLine.split(sdp)) {
            switch (line.type()) {
                case 'c' -> {
                    InetAddress address = parseConnection(line);
                    if (!sawMedia) {
                        session = address;
                    } else if (inAudio) {
                        media = address;
                    }
                }
                case 'm' -> {
                    MediaLine m = parseMedia(line);
                    sawMedia = true;
                    inAudio = audioLine == null && m.kind().equals("audio") && m.port() != 0;
                    if (inAudio) {
                        audioLine = line;
                        rtpPort = m.port();
                    }
                }
                case 'a' -> {
                    if (inAudio && line.attributeName().equals("rtcp")) {
                        rtcp = parseRtcp(line);
                    } else if (inAudio && line.attributeName().equals("rtcp-mux")) {
                        mux = true;
                    }
                }
                default -> {
                    // not needed to find the audio
                }
            }
        }
        if (audioLine == null) {
            return Optional.empty();
        }
        InetAddress address = media != null ? media : session;
        if (address == null) {
            throw audioLine.error("the audio stream has no c= line, at media or session level");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.empty();
        }
        InetSocketAddress rtp = new InetSocketAddress(address, rtpPort);
        InetSocketAddress rtcpAddress;
        if (rtcp != null) {
            rtcpAddress = new InetSocketAddress(rtcp.address() != null ? rtcp.address() : address, rtcp.port());
        } else if (mux) {
            rtcpAddress = rtp;
        } else {
            rtcpAddress = new InetSocketAddress(address, rtpPort + 1);
        }
        return Optional.of(new RemoteMedia(rtp, rtcpAddress));
    }

    private static void checkConnection(SdpLine relayedMediaLine, boolean hasConnection) {
        if (relayedMediaLine != null && !hasConnection) {
            throw relayedMediaLine.error("the audio stream has no c= line, at media or session level");
        }
    }

    private record MediaLine(String kind, int port, int portStart, int portEnd) {
    }

    /** {@code m=<media> <port>[/<count>] <proto> <fmt> ...}. */
    private static MediaLine parseMedia(SdpLine line) {
        String text = line.text();
        String[] tokens = line.value().split(" ");
        if (tokens.length < 4 || tokens[0].isEmpty()) {
            throw line.error("an m= line is <media> <port> <proto> <format>...");
        }
        int portStart = 2 + tokens[0].length() + 1;
        int portEnd = text.indexOf(' ', portStart);
        String portToken = text.substring(portStart, portEnd);
        int slash = portToken.indexOf('/');
        int port = parsePort(line, slash < 0 ? portToken : portToken.substring(0, slash));
        if (slash >= 0) {
            parsePort(line, portToken.substring(slash + 1));
        }
        return new MediaLine(tokens[0], port, portStart, portEnd);
    }

    /** {@code c=IN IP4|IP6 <address>[/ttl...]}: the address, an IP literal (no name lookups). */
    private static InetAddress parseConnection(SdpLine line) {
        String[] tokens = line.value().split(" ");
        if (tokens.length != 3 || !tokens[0].equals("IN")) {
            throw line.error("a c= line is IN IP4|IP6 <address>");
        }
        String address = tokens[2];
        int slash = address.indexOf('/');
        return literal(line, tokens[1], slash < 0 ? address : address.substring(0, slash));
    }

    private record Rtcp(int port, InetAddress address) {
    }

    /** {@code a=rtcp:<port> [IN IP4|IP6 <address>]} (RFC 3605). */
    private static Rtcp parseRtcp(SdpLine line) {
        String[] tokens = line.attributeValue().split(" ");
        if (tokens.length != 1 && tokens.length != 4) {
            throw line.error("a=rtcp is <port> [IN IP4|IP6 <address>]");
        }
        int port = parsePort(line, tokens[0]);
        if (port == 0) {
            throw line.error("RTCP port 0 is not a port");
        }
        if (tokens.length == 1) {
            return new Rtcp(port, null);
        }
        if (!tokens[1].equals("IN")) {
            throw line.error("a=rtcp is <port> [IN IP4|IP6 <address>]");
        }
        return new Rtcp(port, literal(line, tokens[2], tokens[3]));
    }

    private static int parsePort(SdpLine line, String token) {
        if (token.isEmpty() || token.length() > 5 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw line.error("'" + token + "' is not a port number");
        }
        int port = Integer.parseInt(token);
        if (port > 65535) {
            throw line.error(port + " is not a port number (0..65535)");
        }
        return port;
    }

    private static InetAddress literal(SdpLine line, String addressType, String address) {
        boolean v4 = addressType.equals("IP4") && IPV4.matcher(address).matches()
                && Pattern.compile("\\.").splitAsStream(address).allMatch(octet -> Integer.parseInt(octet) <= 255);
        boolean v6 = addressType.equals("IP6") && IPV6.matcher(address).matches();
        if (!addressType.equals("IP4") && !addressType.equals("IP6")) {
            throw line.error("address type '" + addressType + "' is neither IP4 nor IP6");
        }
        if (!v4 && !v6) {
            throw line.error("'" + address + "' is not an " + addressType + " address literal");
        }
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw line.error("'" + address + "' is not an " + addressType + " address literal");
        }
    }
}
