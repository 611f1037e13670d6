package org.openintercom.agent.media.internal;

/** RFC 4733 DTMF event codes (0-9, *, #, A-D as 0-15) and the 4-byte event payload. */
public final class TelephoneEvents {

    private static final String DIGITS = "0123456789*#ABCD";
    /** Volume (dBm0 below zero) written in events we send. */
    static final int VOLUME = 10;

    private TelephoneEvents() {
    }

    /** The event code of a DTMF digit, or -1 if it is not one. */
    public static int code(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** The digit of an event code, or 0 if the code is not a DTMF digit. */
    public static char digit(int code) {
        return code >= 0 && code < DIGITS.length() ? DIGITS.charAt(code) : 0;
    }

    /** The payload: event, E bit + volume, duration in RTP clock units. */
    public static byte[] payload(int event, boolean end, int duration) {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | VOLUME), (byte) (duration >> 8), (byte) duration};
    }
}
