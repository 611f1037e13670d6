package org.openintercom.cloud.calls.media;

/** An SDP body the relay cannot read; the message names the line (1-based) and its text. */
public final class SdpFormatException extends RuntimeException {

    SdpFormatException(int lineNumber, String line, String reason) {
        super("SDP line " + lineNumber + " '" + line + "': " + reason);
    }

    SdpFormatException(String reason) {
        super("SDP: " + reason);
    }
}
