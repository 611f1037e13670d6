package org.openintercom.agent.media;

import java.io.ByteArrayOutputStream;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSink;

/** Test helper: a speaker that records everything written to it. */
final class TestRecordingSink implements AudioSink {

    private final AudioFormat format;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    TestRecordingSink(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized void write(short[] frame) {
        for (short s : frame) {
            bytes.write(s >> 8);
            bytes.write(s);
        }
    }

    /** Everything recorded so far. */
    synchronized short[] samples() {
        byte[] b = bytes.toByteArray();
        short[] out = new short[b.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((b[2 * i] << 8) | (b[2 * i + 1] & 0xFF));
        }
        return out;
    }

    /** The last {@code seconds} of the recording. */
    short[] last(double seconds) {
        short[] all = samples();
        int n = Math.min(all.length, (int) (seconds * format.sampleRate()));
        short[] out = new short[n];
        System.arraycopy(all, all.length - n, out, 0, n);
        return out;
    }

    @Override
    public void close() {
    }
}
