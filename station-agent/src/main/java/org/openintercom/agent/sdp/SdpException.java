package org.openintercom.agent.sdp;

/** An SDP body that cannot be parsed or used; the message names the offending line. */
public class SdpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }

    /** A parse error at {@code lineNumber} (1-based) whose text was {@code line}. */
    public static SdpException atLine(int lineNumber, String line, String problem) {
        return new SdpException("SDP line " + lineNumber + " \"" + line + "\": " + problem);
    }
}
