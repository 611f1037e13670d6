package org.openintercom.cloud.calls.announce;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the relay needs from a caller's SDP offer to play audio back to it (RFC 3264): where its audio goes, the
 * transport profile, the G.711 law it prefers, and its SDES crypto line when the profile is SRTP (RFC 4568,
 * {@code AES_CM_128_HMAC_SHA1_80}). Offers without G.711, with DTLS-SRTP or with SRTP but no usable SDES key cannot
 * be answered ({@link #read} is empty, with the reason in {@link Unusable}).
 */
record CallerOffer(InetSocketAddress destination, String profile, Law law, Optional<Integer> cryptoTag) {

    static final String SUITE = "AES_CM_128_HMAC_SHA1_80";

    /** Why an offer cannot be answered. */
    static final class Unusable extends Exception {
        Unusable(String why) {
            super(why, null, false, false);
        }
    }

    boolean srtp() {
        return profile.contains("SAVP");
    }

    /** The caller's first active audio stream, or why it cannot be answered. */
    static CallerOffer read(byte[] sdp) throws Unusable {
        if (sdp == null || sdp.length == 0) {
            throw new Unusable("the INVITE has no SDP offer");
        }
        String sessionAddress = null;
        String mediaAddress = null;
        String mLine = null;
        Map<String, String> rtpmap = new HashMap<>();
        Optional<Integer> crypto = Optional.empty();
        boolean inAudio = false;
        for (String raw : new String(sdp, StandardCharsets.UTF_8).split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (mLine != null) {
                    break; // the first audio stream is all we answer
                }
                inAudio = line.startsWith("m=audio ") && !line.startsWith("m=audio 0 ");
                if (inAudio) {
                    mLine = line;
                }
            } else if (line.startsWith("c=")) {
                String address = line.substring(line.lastIndexOf(' ') + 1);
                if (mLine == null && !inAudio) {
                    sessionAddress = address;
                } else if (inAudio) {
                    mediaAddress = address;
                }
            } else if (inAudio && line.startsWith("a=rtpmap:")) {
                String[] parts = line.substring("a=rtpmap:".length()).split("\\s+", 2);
                if (parts.length == 2) {
                    rtpmap.put(parts[0], parts[1].toUpperCase(Locale.ROOT));
                }
            } else if (inAudio && line.startsWith("a=crypto:") && crypto.isEmpty()) {
                crypto = cryptoTag(line);
            }
        }
        if (mLine == null) {
            throw new Unusable("the offer has no active audio stream");
        }
        String[] m = mLine.split("\\s+");
        if (m.length < 4) {
            throw new Unusable("bad m= line: " + mLine);
        }
        String profile = m[2];
        if (!profile.equals("RTP/AVP") && !profile.equals("RTP/AVPF") && !profile.equals("RTP/SAVP")
                && !profile.equals("RTP/SAVPF")) {
            throw new Unusable("transport " + profile + " (announcements are RTP or SRTP with SDES keys)");
        }
        int port;
        try {
            port = Integer.parseInt(m[1]);
        } catch (NumberFormatException e) {
            throw new Unusable("bad port in " + mLine);
        }
        Law law = null;
        for (int i = 3; i < m.length && law == null; i++) {
            String name = rtpmap.getOrDefault(m[i], m[i].equals("0") ? "PCMU/8000" : m[i].equals("8") ? "PCMA/8000"
                    : "");
            if (name.startsWith("PCMU/8000") && m[i].equals("0")) {
                law = Law.ULAW;
            } else if (name.startsWith("PCMA/8000") && m[i].equals("8")) {
                law = Law.ALAW;
            }
        }
        if (law == null) {
            throw new Unusable("the offer has no G.711 (PCMU/PCMA) payload");
        }
        if (profile.contains("SAVP") && crypto.isEmpty()) {
            throw new Unusable("SRTP without an SDES " + SUITE + " key");
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null || port < 1 || port > 65535) {
            throw new Unusable("the offer names no media address and port");
        }
        try {
            return new CallerOffer(new InetSocketAddress(InetAddress.getByName(address), port), profile, law,
                    crypto);
        } catch (UnknownHostException e) {
            throw new Unusable("media address " + address + " does not resolve");
        }
    }

    /** Our answer: one audio stream from {@code local}, in the caller's law, with our key when SRTP. */
    String answer(InetSocketAddress local, long sessionId, byte[] keyAndSalt) {
        String ipVersion = local.getAddress() instanceof java.net.Inet6Address ? "IP6" : "IP4";
        String address = local.getAddress().getHostAddress();
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=openintercom-relay ").append(sessionId).append(" 1 IN ").append(ipVersion).append(' ')
                .append(address).append("\r\n")
                .append("s=announcement\r\n")
                .append("c=IN ").append(ipVersion).append(' ').append(address).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(local.getPort()).append(' ').append(profile).append(' ')
                .append(law.payloadType).append("\r\n")
                .append("a=rtpmap:").append(law.payloadType).append(' ').append(law.encodingName).append("/8000\r\n")
                .append("a=ptime:20\r\n")
                .append("a=sendrecv\r\n");
        cryptoTag.ifPresent(tag -> sdp.append("a=crypto:").append(tag).append(' ').append(SUITE).append(" inline:")
                .append(Base64.getEncoder().encodeToString(keyAndSalt)).append("\r\n"));
        return sdp.toString();
    }

    /** The tag of an {@code a=crypto} line with our suite and an inline key (RFC 4568 §9.1), else empty. */
    private static Optional<Integer> cryptoTag(String line) {
        String[] parts = line.substring("a=crypto:".length()).split("\\s+");
        if (parts.length < 3 || !parts[1].equals(SUITE) || !parts[2].startsWith("inline:")) {
            return Optional.empty();
        }
        try {
            int tag = Integer.parseInt(parts[0]);
            return tag >= 0 && tag <= 999_999_999 ? Optional.of(tag) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
