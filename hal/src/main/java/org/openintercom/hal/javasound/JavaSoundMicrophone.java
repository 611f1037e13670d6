package org.openintercom.hal.javasound;

import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSource;

/** The station's microphone through Java Sound (on Linux: ALSA); {@link #read} blocks until a frame is captured. */
public final class JavaSoundMicrophone implements AudioSource {

    private final AudioFormat format;
    private final TargetDataLine line;
    private final byte[] buffer;

    /** Opens the capture device whose mixer name contains {@code mixerName} (blank: the default device). */
    public JavaSoundMicrophone(AudioFormat format, String mixerName) {
        this.format = format;
        this.line = Mixers.open(TargetDataLine.class, format, mixerName);
        this.buffer = new byte[format.frameSamples() * 2];
        try {
            line.open(Mixers.pcm(format), buffer.length * 4);
        } catch (LineUnavailableException e) {
            throw new HardwareException("cannot open the microphone: " + e.getMessage(), e);
        }
        line.start();
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public boolean read(short[] frame) {
        int got = 0;
        while (got < buffer.length) {
            int n = line.read(buffer, got, buffer.length - got);
            if (n <= 0) {
                break;
            }
            got += n;
        }
        for (int i = 0; i < frame.length; i++) {
            int at = 2 * i;
            frame[i] = at + 1 < got ? (short) ((buffer[at + 1] << 8) | (buffer[at] & 0xff)) : 0;
        }
        return got == buffer.length;
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
