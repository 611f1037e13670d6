package org.openintercom.agent.media.internal;

import java.util.Locale;
import org.openintercom.agent.media.RtpCodec;

/** Creates encoders and decoders for the RTP payload formats the station supports. */
public final class Codecs {

    private Codecs() {
    }

    /** Whether this payload format can be encoded and decoded here. */
    public static boolean isSupported(RtpCodec codec) {
        return switch (codec.name().toUpperCase(Locale.ROOT)) {
            case "PCMU", "PCMA", "G722", "OPUS" -> true;
            default -> false;
        };
    }

    public static AudioEncoder encoder(RtpCodec codec) {
        return switch (codec.name().toUpperCase(Locale.ROOT)) {
            case "PCMU" -> new G711Codec(false);
            case "PCMA" -> new G711Codec(true);
            case "G722" -> new G722Codec();
            case "OPUS" -> OpusCodec.encoder();
            default -> throw new IllegalArgumentException("unsupported codec " + codec.rtpmap());
        };
    }

    public static AudioDecoder decoder(RtpCodec codec) {
        return switch (codec.name().toUpperCase(Locale.ROOT)) {
            case "PCMU" -> new G711Codec(false);
            case "PCMA" -> new G711Codec(true);
            case "G722" -> new G722Codec();
            case "OPUS" -> OpusCodec.decoder();
            default -> throw new IllegalArgumentException("unsupported codec " + codec.rtpmap());
        };
    }

    /** RTP timestamp increment of one 20 ms frame: 160 for 8 kHz clocks (including G.722), 960 for Opus. */
    public static int timestampStep(RtpCodec codec) {
        return codec.clockRate() / 50;
    }
}
