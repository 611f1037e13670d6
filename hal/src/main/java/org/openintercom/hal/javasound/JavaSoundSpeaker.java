package org.openintercom.hal.javasound;

import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSink;

/**
 * The station's loudspeaker through Java Sound (on Linux: ALSA). Frames that do not fit the device buffer are
 * dropped rather than blocking the caller's 20 ms tick.
 */
public final class JavaSoundSpeaker implements AudioSink {

    private final AudioFormat format;
    private final SourceDataLine line;
    private final byte[] buffer;

    /** Opens the playback device whose mixer name contains {@code mixerName} (blank: the default device). */
    public JavaSoundSpeaker(AudioFormat format, String mixerName) {
        this.format = format;
        this.line = Mixers.open(SourceDataLine.class, format, mixerName);
        this.buffer = new byte[format.frameSamples() * 2];
        try {
            line.open(Mixers.pcm(format), buffer.length * 8);
        } catch (LineUnavailableException e) {
            throw new HardwareException("cannot open the speaker: " + e.getMessage(), e);
        }
        line.start();
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void write(short[] frame) {
        for (int i = 0; i < frame.length; i++) {
            buffer[2 * i] = (byte) frame[i];
            buffer[2 * i + 1] = (byte) (frame[i] >> 8);
        }
        if (line.available() >= buffer.length) {
            line.write(buffer, 0, buffer.length);
        }
    }

    @Override
    public void close() {
        line.drain();
        line.stop();
        line.close();
    }
}
