package org.openintercom.agent.config;

import java.util.Locale;

/**
 * Where audio comes from and goes to. Microphone: {@code tone:HZ}, {@code wav:PATH}, {@code silence},
 * {@code javasound[:MIXER]}. Speaker: {@code record}, {@code wav:PATH}, {@code null}, {@code javasound[:MIXER]}.
 * The specs are parsed and checked with the rest of the config, so a typo stops the start as an invalid config.
 */
public record AudioSettings(String microphone, String speaker) {

    /** Kinds of audio device a spec can name. */
    public enum Kind { TONE, WAV, SILENCE, RECORD, NULL, JAVASOUND }

    /** A parsed spec: its kind and what follows the colon (frequency, path or mixer name; may be empty). */
    public record Device(Kind kind, String argument) {

        /** The tone frequency of a {@code tone:HZ} microphone. */
        public double frequencyHz() {
            return Double.parseDouble(argument);
        }
    }

    /** The parsed microphone spec; a bad one is a {@link ConfigException} naming {@code audio.microphone}. */
    public Device microphoneDevice() {
        Device d = parse("audio.microphone", microphone, "tone:HZ, wav:PATH, silence or javasound[:MIXER]");
        switch (d.kind()) {
            case TONE -> {
                double hz;
                try {
                    hz = d.frequencyHz();
                } catch (NumberFormatException e) {
                    hz = -1;
                }
                if (hz < 20 || hz > 7000) {
                    throw new ConfigException("audio.microphone", "'" + microphone
                            + "': tone needs a frequency from 20 to 7000 Hz, e.g. tone:440");
                }
            }
            case WAV, SILENCE, JAVASOUND -> {
            }
            default -> throw new ConfigException("audio.microphone", "'" + microphone
                    + "' is not tone:HZ, wav:PATH, silence or javasound[:MIXER]");
        }
        return d;
    }

    /** The parsed speaker spec; a bad one is a {@link ConfigException} naming {@code audio.speaker}. */
    public Device speakerDevice() {
        Device d = parse("audio.speaker", speaker, "record, wav:PATH, null or javasound[:MIXER]");
        if (d.kind() == Kind.TONE || d.kind() == Kind.SILENCE) {
            throw new ConfigException("audio.speaker", "'" + speaker + "' is not record, wav:PATH, null or "
                    + "javasound[:MIXER]");
        }
        return d;
    }

    private static Device parse(String key, String spec, String expected) {
        String text = spec == null ? "" : spec.trim();
        int colon = text.indexOf(':');
        String kind = colon >= 0 ? text.substring(0, colon) : text;
        String argument = colon >= 0 ? text.substring(colon + 1) : "";
        Kind k;
        try {
            k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "'" + text + "' is not " + expected);
        }
        if (k == Kind.WAV && argument.isBlank()) {
            throw new ConfigException(key, "'" + text + "': wav needs a file, e.g. wav:/var/lib/openintercom/hello.wav");
        }
        return new Device(k, argument);
    }
}
