package org.openintercom.agent.media;

import java.util.Locale;
import org.openintercom.hal.model.Codec;

/**
 * An RTP payload format as it appears in SDP ({@code a=rtpmap:PT NAME/CLOCK[/CHANNELS]} and {@code a=fmtp}).
 * {@link #audioSampleRate()} is the rate of the PCM the codec carries, which differs from the RTP clock for
 * G.722 (16 kHz audio, 8 kHz clock, RFC 3551 §4.5.2).
 */
public record RtpCodec(String name, int payloadType, int clockRate, int channels, String fmtp) {

    public static final RtpCodec PCMU = new RtpCodec("PCMU", 0, 8000, 1, "");
    public static final RtpCodec PCMA = new RtpCodec("PCMA", 8, 8000, 1, "");
    public static final RtpCodec G722 = new RtpCodec("G722", 9, 8000, 1, "");
    public static final RtpCodec OPUS = new RtpCodec("opus", 111, 48000, 2, "useinbandfec=1");
    public static final RtpCodec TELEPHONE_EVENT = new RtpCodec("telephone-event", 101, 8000, 1, "0-16");

    public RtpCodec {
        fmtp = fmtp == null ? "" : fmtp;
    }

    /** The same format under another payload type (dynamic types are chosen by the offerer). */
    public RtpCodec withPayloadType(int pt) {
        return new RtpCodec(name, pt, clockRate, channels, fmtp);
    }

    public boolean isTelephoneEvent() {
        return name.equalsIgnoreCase("telephone-event");
    }

    /** Sample rate of the PCM audio this codec encodes: 48000 for Opus, 16000 for G.722, else the clock rate. */
    public int audioSampleRate() {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "OPUS" -> 48_000;
            case "G722" -> 16_000;
            default -> clockRate;
        };
    }

    /** The hardware codec family this payload format belongs to, or null for telephone-event and unknowns. */
    public Codec family() {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "OPUS" -> Codec.OPUS;
            case "G722" -> Codec.G722;
            case "PCMA", "PCMU" -> Codec.G711;
            default -> null;
        };
    }

    /** The SDP rtpmap value, e.g. {@code opus/48000/2}. */
    public String rtpmap() {
        return channels > 1 ? name + "/" + clockRate + "/" + channels : name + "/" + clockRate;
    }
}
