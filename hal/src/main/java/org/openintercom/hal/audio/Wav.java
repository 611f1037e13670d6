package org.openintercom.hal.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads and writes 16-bit PCM WAV files through Java Sound; stereo is mixed down to mono on reading. */
public final class Wav {

    private Wav() {
    }

    /** PCM samples and their sample rate. */
    public record Pcm(short[] samples, int sampleRate) {
    }

    public static void write(Path file, AudioFormat format, short[] samples) throws IOException {
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        javax.sound.sampled.AudioFormat pcm = new javax.sound.sampled.AudioFormat(format.sampleRate(), 16, 1, true,
                false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), pcm, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    /** Reads a PCM WAV (8/16-bit, mono or stereo); anything else is an IOException naming the file. */
    public static Pcm read(Path file) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            javax.sound.sampled.AudioFormat f = in.getFormat();
            javax.sound.sampled.AudioFormat target = new javax.sound.sampled.AudioFormat(f.getSampleRate(), 16,
                    f.getChannels(), true, false);
            try (AudioInputStream pcm = AudioSystem.isConversionSupported(target, f)
                    ? AudioSystem.getAudioInputStream(target, in) : in) {
                byte[] bytes = pcm.readAllBytes();
                int channels = f.getChannels();
                short[] out = new short[bytes.length / 2 / channels];
                for (int i = 0; i < out.length; i++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        int at = (i * channels + c) * 2;
                        sum += (short) ((bytes[at + 1] << 8) | (bytes[at] & 0xff));
                    }
                    out[i] = (short) (sum / channels);
                }
                return new Pcm(out, Math.round(f.getSampleRate()));
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + " is not a PCM WAV file: " + e.getMessage(), e);
        }
    }
}
