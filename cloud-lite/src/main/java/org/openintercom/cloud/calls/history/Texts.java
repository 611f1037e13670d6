package org.openintercom.cloud.calls.history;

/** Fits free text from SIP headers into its column. */
final class Texts {

    private Texts() {
    }

    /** {@code text} cut to {@code max} characters (null stays null). */
    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
