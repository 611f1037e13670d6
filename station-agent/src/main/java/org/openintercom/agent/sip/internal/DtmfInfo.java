package org.openintercom.agent.sip.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes the bodies of SIP INFO DTMF: {@code application/dtmf-relay} ({@code Signal=5}) and
 * {@code application/dtmf} (just the digit).
 */
final class DtmfInfo {

    static final String RELAY_SUBTYPE = "dtmf-relay";
    static final String PLAIN_SUBTYPE = "dtmf";
    private static final String DIGITS = "0123456789*#ABCD";

    private DtmfInfo() {
    }

    /** The body we send for {@code digit}. */
    static String relayBody(char digit) {
        return "Signal=" + digit + "\r\nDuration=160\r\n";
    }

    static boolean isDigit(char c) {
        return DIGITS.indexOf(Character.toUpperCase(c)) >= 0;
    }

    /** The digit of an INFO body with content subtype {@code subtype}, empty if none can be read. */
    static Optional<Character> parse(String subtype, String body) {
        if (body == null) {
            return Optional.empty();
        }
        String value = null;
        if (subtype.equalsIgnoreCase(RELAY_SUBTYPE)) {
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("Signal")) {
                    value = line.substring(eq + 1).trim();
                }
            }
        } else if (subtype.equalsIgnoreCase(PLAIN_SUBTYPE)) {
            value = body.trim();
        }
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        // application/dtmf may carry event codes 10 and 11 for * and #
        String v = switch (value) {
            case "10" -> "*";
            case "11" -> "#";
            default -> value.toUpperCase(Locale.ROOT);
        };
        return v.length() == 1 && isDigit(v.charAt(0)) ? Optional.of(v.charAt(0)) : Optional.empty();
    }
}
