package org.openintercom.simulator.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One datagram of rtpengine's ng control protocol: a cookie (the client's id for the exchange, echoed in the reply),
 * a space and a bencoded dictionary ({@code command}, {@code call-id}, ... or {@code result}, ...).
 */
record NgMessage(String cookie, Map<String, Object> body) {

    NgMessage {
        if (cookie == null || cookie.isEmpty() || cookie.contains(" ")) {
            throw new IllegalArgumentException("ng: the cookie must be a non-empty word, not '" + cookie + "'");
        }
        body = Map.copyOf(body);
    }

    byte[] encode() {
        byte[] head = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] dict = Bencode.encode(body);
        byte[] out = Arrays.copyOf(head, head.length + dict.length);
        System.arraycopy(dict, 0, out, head.length, dict.length);
        return out;
    }

    /**
     * The message in {@code datagram}.
     *
     * @throws IllegalArgumentException when it is not a cookie, a space and a bencoded dictionary
     */
    @SuppressWarnings("unchecked")
    static NgMessage decode(byte[] datagram) {
        int space = 0;
        while (space < datagram.length && datagram[space] != ' ') {
            space++;
        }
        if (space == 0 || space == datagram.length) {
            throw new IllegalArgumentException("ng: no cookie before a space in '" + preview(datagram) + "'");
        }
        Object body = Bencode.decode(datagram, space + 1);
        if (!(body instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("ng: the body is not a dictionary: '" + preview(datagram) + "'");
        }
        return new NgMessage(new String(datagram, 0, space, StandardCharsets.US_ASCII), (Map<String, Object>) map);
    }

    /** The string under {@code key}, or null when absent or not a string. */
    String string(String key) {
        return body.get(key) instanceof String s ? s : null;
    }

    private static String preview(byte[] datagram) {
        String text = new String(datagram, 0, Math.min(60, datagram.length), StandardCharsets.ISO_8859_1);
        return datagram.length > 60 ? text + "..." : text;
    }
}
