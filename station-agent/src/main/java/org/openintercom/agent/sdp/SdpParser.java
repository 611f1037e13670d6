package org.openintercom.agent.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict SDP parser: every line must be {@code x=value} with a known shape, {@code v=0}, {@code o=},
 * {@code s=} and {@code t=} must be present, and every failure is an {@link SdpException} naming the line.
 * Lines we do not use ({@code i= u= e= p= b= z= k= r=}) are checked for shape only.
 */
public final class SdpParser {

    private static final Pattern LINE = Pattern.compile("([a-z])=(.*)");
    private static final Pattern ORIGIN = Pattern.compile("(\\S+) (\\d+) (\\d+) IN (IP4|IP6) (\\S+)");
    private static final Pattern CONNECTION = Pattern.compile("IN (IP4|IP6) ([^\\s/]+)(/\\d+){0,2}");
    private static final Pattern MEDIA = Pattern.compile("(\\w+) (\\d+)(?:/\\d+)? (\\S+)((?: \\S+)+)");
    private static final Pattern RTPMAP = Pattern.compile("(\\d+) ([^/\\s]+)/(\\d+)(?:/(\\d+))?");
    private static final Pattern FMTP = Pattern.compile("(\\d+) (.+)");
    private static final Pattern CRYPTO = Pattern.compile("(\\d{1,9}) (\\S+) inline:(\\S+)(?: .*)?");
    private static final String KNOWN_UNUSED = "iuepbzkr";

    private SdpParser() {
    }

    /** Parses {@code text} (CRLF or LF line ends). */
    public static SessionDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SdpException("SDP body is empty");
        }
        String[] lines = text.split("\r?\n", -1);
        int last = lines.length;
        while (last > 0 && lines[last - 1].isEmpty()) {
            last--;
        }
        Origin origin = null;
        String sessionName = null;
        Connection sessionConnection = null;
        Direction sessionDirection = null;
        boolean timing = false;
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        for (int i = 0; i < last; i++) {
            int number = i + 1;
            String line = lines[i];
            Matcher lm = LINE.matcher(line);
            if (!lm.matches()) {
                throw SdpException.atLine(number, line, "expected <letter>=<value>");
            }
            char type = lm.group(1).charAt(0);
            String value = lm.group(2);
            if (i == 0 && !line.equals("v=0")) {
                throw SdpException.atLine(number, line, "an SDP body must start with v=0");
            }
            switch (type) {
                case 'v' -> {
                    if (i != 0) {
                        throw SdpException.atLine(number, line, "v= may only appear first");
                    }
                }
                case 'o' -> {
                    Matcher m = ORIGIN.matcher(value);
                    if (!m.matches() || origin != null || current != null) {
                        throw SdpException.atLine(number, line,
                                "expected one o=<user> <sess-id> <version> IN IP4|IP6 <address> before any m=");
                    }
                    origin = new Origin(m.group(1), m.group(2), m.group(3), connection(m.group(4), m.group(5), number,
                            line, true));
                }
                case 's' -> {
                    if (sessionName != null || current != null) {
                        throw SdpException.atLine(number, line, "s= must appear once, before any m=");
                    }
                    sessionName = value;
                }
                case 't' -> {
                    if (!value.matches("\\d+ \\d+")) {
                        throw SdpException.atLine(number, line, "expected t=<start> <stop>");
                    }
                    timing = true;
                }
                case 'c' -> {
                    Matcher m = CONNECTION.matcher(value);
                    if (!m.matches()) {
                        throw SdpException.atLine(number, line, "expected c=IN IP4|IP6 <address>");
                    }
                    Connection c = connection(m.group(1), m.group(2), number, line, false);
                    if (current != null) {
                        current.connection = c;
                    } else {
                        sessionConnection = c;
                    }
                }
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    current = media(value, number, line, sessionDirection);
                }
                case 'a' -> {
                    if (current == null) {
                        Direction d = Direction.fromAttribute(value);
                        if (d != null) {
                            sessionDirection = d;
                        }
                    } else {
                        current.attribute(value, number, line);
                    }
                }
                default -> {
                    if (KNOWN_UNUSED.indexOf(type) < 0) {
                        throw SdpException.atLine(number, line, "unknown SDP line type '" + type + "'");
                    }
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (origin == null || sessionName == null || !timing) {
            throw new SdpException("SDP lacks a required line: " + (origin == null ? "o=" : sessionName == null
                    ? "s=" : "t="));
        }
        for (MediaDescription m : media) {
            if (m.port() != 0 && m.connection().isEmpty() && sessionConnection == null) {
                throw new SdpException("SDP m=" + m.media() + " " + m.port() + " has no c= line (session or media)");
            }
        }
        return new SessionDescription(origin, sessionName, Optional.ofNullable(sessionConnection), media);
    }

    private static Connection connection(String type, String address, int number, String line, boolean origin) {
        try {
            return new Connection(type, address);
        } catch (IllegalArgumentException e) {
            if (origin) {
                // o= may carry a host name (RFC 4566 §5.2); we never use it, so keep a placeholder.
                return new Connection(type, type.equals("IP4") ? "0.0.0.0" : "::");
            }
            throw SdpException.atLine(number, line, e.getMessage());
        }
    }

    private static MediaBuilder media(String value, int number, String line, Direction sessionDirection) {
        Matcher m = MEDIA.matcher(value);
        if (!m.matches()) {
            throw SdpException.atLine(number, line, "expected m=<media> <port> <proto> <fmt> ...");
        }
        int port = Integer.parseInt(m.group(2));
        if (m.group(2).length() > 5 || port > 65535) {
            throw SdpException.atLine(number, line, "port out of range");
        }
        MediaBuilder b = new MediaBuilder(m.group(1), port, m.group(3), List.of(m.group(4).trim().split(" ")));
        if (b.proto.startsWith("RTP/")) {
            for (String format : b.formats) {
                if (!format.matches("\\d{1,3}") || Integer.parseInt(format) > 127) {
                    throw SdpException.atLine(number, line, "RTP payload type must be 0-127, not " + format);
                }
            }
        }
        b.direction = sessionDirection;
        return b;
    }

    /** Collects one m= section's lines. */
    private static final class MediaBuilder {
        final String media;
        final int port;
        final String proto;
        final List<String> formats;
        Connection connection;
        final List<RtpMap> rtpMaps = new ArrayList<>();
        final Map<Integer, String> fmtps = new HashMap<>();
        final List<CryptoAttribute> crypto = new ArrayList<>();
        Direction direction;
        OptionalInt ptime = OptionalInt.empty();
        final List<String> other = new ArrayList<>();

        MediaBuilder(String media, int port, String proto, List<String> formats) {
            this.media = media;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
        }

        void attribute(String value, int number, String line) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1);
            switch (name) {
                case "rtpmap" -> {
                    Matcher m = RTPMAP.matcher(arg);
                    if (!m.matches()) {
                        throw SdpException.atLine(number, line, "expected a=rtpmap:<pt> <encoding>/<clock>[/<ch>]");
                    }
                    rtpMaps.add(new RtpMap(Integer.parseInt(m.group(1)), m.group(2), integer(m.group(3), number,
                            line), m.group(4) == null ? 1 : integer(m.group(4), number, line)));
                }
                case "fmtp" -> {
                    Matcher m = FMTP.matcher(arg);
                    if (!m.matches()) {
                        throw SdpException.atLine(number, line, "expected a=fmtp:<pt> <parameters>");
                    }
                    fmtps.put(integer(m.group(1), number, line), m.group(2));
                }
                case "crypto" -> {
                    Matcher m = CRYPTO.matcher(arg);
                    if (m.matches()) {
                        crypto.add(new CryptoAttribute(integer(m.group(1), number, line), m.group(2), m.group(3)));
                    } else if (arg.matches("\\d+ \\S+ \\S+.*")) {
                        other.add(value); // a key method other than inline: valid SDP, unusable for us
                    } else {
                        throw SdpException.atLine(number, line, "expected a=crypto:<tag> <suite> <key-params>");
                    }
                }
                case "ptime" -> {
                    if (!arg.matches("\\d{1,4}")) {
                        throw SdpException.atLine(number, line, "expected a=ptime:<milliseconds>");
                    }
                    ptime = OptionalInt.of(Integer.parseInt(arg));
                }
                default -> {
                    Direction d = colon < 0 ? Direction.fromAttribute(name) : null;
                    if (d != null) {
                        direction = d;
                    } else {
                        other.add(value);
                    }
                }
            }
        }

        private static int integer(String digits, int number, String line) {
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw SdpException.atLine(number, line, "number out of range: " + digits);
            }
        }

        MediaDescription build() {
            return new MediaDescription(media, port, proto, formats, Optional.ofNullable(connection), rtpMaps, fmtps,
                    crypto, direction, ptime, other);
        }
    }
}
