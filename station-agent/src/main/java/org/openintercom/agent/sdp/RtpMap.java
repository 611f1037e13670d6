package org.openintercom.agent.sdp;

/** One {@code a=rtpmap:PT name/clock[/channels]} attribute. */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    String value() {
        return payloadType + " " + encoding + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
