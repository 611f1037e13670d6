package org.openintercom.cloud.calls.media;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of an SDP body: its text without the line end, and the line end it had ({@code "\r\n"}, {@code "\n"}, or
 * {@code ""} for a last line without one), so a rewritten body keeps every untouched byte.
 */
record SdpLine(int number, String text, String end) {

    /** Splits {@code sdp} into lines and checks each is {@code <letter>=...} and the first is {@code v=0}. */
    static List<SdpLine> split(String sdp) {
        if (sdp == null || sdp.isEmpty()) {
            throw new SdpFormatException("the body is empty");
        }
        List<SdpLine> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start < sdp.length()) {
            int newline = sdp.indexOf('\n', start);
            String text;
            String end;
            if (newline < 0) {
                text = sdp.substring(start);
                end = "";
                start = sdp.length();
            } else {
                boolean crlf = newline > start && sdp.charAt(newline - 1) == '\r';
                text = sdp.substring(start, crlf ? newline - 1 : newline);
                end = crlf ? "\r\n" : "\n";
                start = newline + 1;
            }
            SdpLine line = new SdpLine(number++, text, end);
            line.check(lines.isEmpty());
            lines.add(line);
        }
        return lines;
    }

    private void check(boolean first) {
        if (first && !text.equals("v=0")) {
            throw new SdpFormatException(number, text, "an SDP body starts with v=0");
        }
        if (text.isEmpty()) {
            return; // a blank line (some stacks end the body with one) carries nothing; kept as it is
        }
        if (text.length() < 2 || text.charAt(1) != '=' || text.charAt(0) < 'a' || text.charAt(0) > 'z') {
            throw new SdpFormatException(number, text, "not a <type>=<value> line");
        }
    }

    char type() {
        return text.isEmpty() ? ' ' : text.charAt(0);
    }

    String value() {
        return text.substring(2);
    }

    /** The attribute name of an {@code a=} line ({@code rtcp} for {@code a=rtcp:9 IN IP4 ...}). */
    String attributeName() {
        String value = value();
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** The attribute value of an {@code a=} line, after the colon ({@code ""} when it has none). */
    String attributeValue() {
        String value = value();
        int colon = value.indexOf(':');
        return colon < 0 ? "" : value.substring(colon + 1);
    }

    SdpFormatException error(String reason) {
        return new SdpFormatException(number, text, reason);
    }
}
