package org.openintercom.hal.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Plays a WAV file as a microphone (announcements, test audio), converted to mono and to the requested sample
 * rate; loops or ends in silence.
 */
public final class WavFileSource implements AudioSource {

    private final AudioFormat format;
    private final short[] samples;
    private final boolean loop;
    private int position;

    public WavFileSource(Path file, AudioFormat format, boolean loop) {
        this.format = format;
        this.loop = loop;
        Wav.Pcm pcm;
        try {
            pcm = Wav.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audio file " + file + ": " + e.getMessage(), e);
        }
        this.samples = pcm.sampleRate() == format.sampleRate() ? pcm.samples()
                : convert(pcm, format, file);
        if (samples.length == 0) {
            throw new IllegalArgumentException("audio file " + file + " holds no samples");
        }
    }

    private static short[] convert(Wav.Pcm pcm, AudioFormat to, Path file) {
        AudioFormat from;
        try {
            from = new AudioFormat(pcm.sampleRate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("audio file " + file + " is at " + pcm.sampleRate()
                    + " Hz; use 8000, 16000 or 48000 Hz", e);
        }
        Resampler resampler = Resampler.between(from, to);
        int in = from.frameSamples();
        int frames = pcm.samples().length / in;
        short[] out = new short[frames * to.frameSamples()];
        short[] frame = new short[in];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(pcm.samples(), f * in, frame, 0, in);
            short[] converted = resampler.process(frame);
            System.arraycopy(converted, 0, out, f * to.frameSamples(), converted.length);
        }
        return out;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized boolean read(short[] frame) {
        boolean full = true;
        for (int i = 0; i < frame.length; i++) {
            if (position >= samples.length) {
                if (loop) {
                    position = 0;
                } else {
                    frame[i] = 0;
                    full = false;
                    continue;
                }
            }
            frame[i] = samples[position++];
        }
        return full;
    }

    @Override
    public void close() {
    }
}
