package org.openintercom.cloud.calls.announce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** WAV files of sine tones, as an operator would drop into the announcements directory. */
public final class ToneFiles {

    private ToneFiles() {
    }

    /** An 8 kHz mono 16-bit PCM WAV of {@code hz} lasting {@code millis}. */
    public static void write(Path file, int hz, int millis) throws IOException {
        write(file, hz, millis, 8000f);
    }

    public static void write(Path file, int hz, int millis, float rate) throws IOException {
        int n = (int) (rate * millis / 1000);
        byte[] pcm = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            short s = (short) (Math.sin(2 * Math.PI * hz * i / rate) * 12000);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
