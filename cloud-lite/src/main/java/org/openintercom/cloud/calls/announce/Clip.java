package org.openintercom.cloud.calls.announce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A piece of audio the relay plays, held in both G.711 laws (8 kHz, 8 bits a sample) so that playing it is slicing.
 * Encoding is Java Sound's.
 */
public record Clip(String name, byte[] ulaw, byte[] alaw) {

    static final float RATE = 8000f;
    /** µ-law and A-law silence. */
    static final byte ULAW_SILENCE = (byte) 0xFF;
    static final byte ALAW_SILENCE = (byte) 0xD5;

    public Clip {
        if (ulaw.length != alaw.length) {
            throw new IllegalArgumentException("clip " + name + ": the two laws differ in length");
        }
    }

    public Duration duration() {
        return Duration.ofMillis(ulaw.length * 1000L / (long) RATE);
    }

    /** The samples in {@code law}. */
    byte[] samples(Law law) {
        return law == Law.ULAW ? ulaw : alaw;
    }

    /** A clip from 8 kHz mono audio in any encoding Java Sound converts to both laws (PCM, µ-law, A-law). */
    static Clip of(String name, AudioInputStream in) throws IOException {
        AudioFormat f = in.getFormat();
        if (f.getChannels() != 1 || Math.abs(f.getSampleRate() - RATE) > 1) {
            throw new IllegalArgumentException("announcement " + name + ": needs 8 kHz mono audio, got "
                    + f.getSampleRate() / 1000 + " kHz with " + f.getChannels() + " channel(s) (convert with e.g."
                    + " `sox IN.wav -r 8000 -c 1 -e u-law OUT.wav`)");
        }
        AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, RATE, 16, 1, 2, RATE, false);
        byte[] linear = AudioSystem.isConversionSupported(pcm, f) || f.matches(pcm)
                ? (f.matches(pcm) ? in : AudioSystem.getAudioInputStream(pcm, in)).readAllBytes()
                : unsupported(name, f);
        return new Clip(name, encode(linear, AudioFormat.Encoding.ULAW), encode(linear, AudioFormat.Encoding.ALAW));
    }

    /** {@code millis} of silence. */
    static Clip silence(String name, int millis) {
        int n = (int) (RATE * millis / 1000);
        byte[] u = new byte[n];
        byte[] a = new byte[n];
        Arrays.fill(u, ULAW_SILENCE);
        Arrays.fill(a, ALAW_SILENCE);
        return new Clip(name, u, a);
    }

    /** One cadence of European ringback: 425 Hz for 1 s, then 4 s of silence (ETSI TR 101 041). */
    static Clip ringback() {
        int on = (int) RATE;
        int total = 5 * (int) RATE;
        byte[] linear = new byte[total * 2];
        for (int i = 0; i < on; i++) {
            int ramp = Math.min(Math.min(i, on - i), 80); // 10 ms fade in and out: no clicks
            short s = (short) (Math.sin(2 * Math.PI * 425 * i / RATE) * 8000 * ramp / 80);
            linear[2 * i] = (byte) s;
            linear[2 * i + 1] = (byte) (s >> 8);
        }
        try {
            return new Clip("ringback", encode(linear, AudioFormat.Encoding.ULAW),
                    encode(linear, AudioFormat.Encoding.ALAW));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Joins clips (a sentence made of words). */
    static Clip join(String name, Clip... parts) {
        int n = 0;
        for (Clip c : parts) {
            n += c.ulaw.length;
        }
        byte[] u = new byte[n];
        byte[] a = new byte[n];
        int at = 0;
        for (Clip c : parts) {
            System.arraycopy(c.ulaw, 0, u, at, c.ulaw.length);
            System.arraycopy(c.alaw, 0, a, at, c.alaw.length);
            at += c.ulaw.length;
        }
        return new Clip(name, u, a);
    }

    private static byte[] encode(byte[] linear, AudioFormat.Encoding law) throws IOException {
        AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, RATE, 16, 1, 2, RATE, false);
        AudioFormat target = new AudioFormat(law, RATE, 8, 1, 1, RATE, false);
        try (AudioInputStream source = new AudioInputStream(new ByteArrayInputStream(linear), pcm,
                linear.length / 2)) {
            return AudioSystem.getAudioInputStream(target, source).readAllBytes();
        }
    }

    private static byte[] unsupported(String name, AudioFormat f) {
        throw new IllegalArgumentException("announcement " + name + ": cannot decode " + f.getEncoding()
                + " audio (use PCM 16 bit, µ-law or A-law WAV)");
    }

    @Override
    public String toString() {
        return "clip " + name + " (" + duration().toMillis() + " ms)";
    }
}
