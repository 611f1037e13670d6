package org.openintercom.cloud.calls.sip;

import java.util.regex.Pattern;

/** Validation of names that end up in SIP URIs. */
public final class SipNames {

    /** RFC 3261 {@code user} unreserved characters, without escapes; 1-64 of them. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?]{1,64}");

    private SipNames() {
    }

    /** Whether {@code s} may be the user part of a SIP URI the relay serves (1-64 unreserved characters). */
    public static boolean isUser(String s) {
        return s != null && USER.matcher(s).matches();
    }
}
