package org.openintercom.ota.internal;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Lower-case hex for digests, and the check that a text is a SHA-256 digest in that form. */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Hex() {
    }

    /** {@code bytes} as lower-case hex. */
    public static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Fails with a message naming {@code what} unless {@code hex} is 64 lower-case hex digits. */
    public static String requireSha256(String hex, String what) {
        if (hex == null || !SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException(what + " must be a SHA-256 digest: 64 lower-case hex digits, was "
                    + (hex == null ? "missing" : "'" + abbreviate(hex) + "'"));
        }
        return hex;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
