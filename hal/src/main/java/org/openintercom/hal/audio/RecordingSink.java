package org.openintercom.hal.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Keeps the last stretch of what it is given in memory (a ring buffer of {@code keep}), for tests, the simulator
 * and the demo's "did audio arrive" checks; can write what it holds as a WAV file.
 */
public final class RecordingSink implements AudioSink {

    private final AudioFormat format;
    private final short[] ring;
    private long written;

    public RecordingSink(AudioFormat format, Duration keep) {
        this.format = format;
        long samples = keep.toMillis() * format.sampleRate() / 1000;
        if (samples <= 0 || samples > 50_000_000) {
            throw new IllegalArgumentException("keep must be between 1 ms and about 15 minutes, not " + keep);
        }
        this.ring = new short[(int) samples];
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized void write(short[] frame) {
        for (short s : frame) {
            ring[(int) (written % ring.length)] = s;
            written++;
        }
    }

    /** Samples written since creation (also those no longer kept). */
    public synchronized long samplesWritten() {
        return written;
    }

    /** Everything still kept, oldest first. */
    public synchronized short[] samples() {
        return last((int) Math.min(written, ring.length));
    }

    /** The last {@code duration} of audio (less if less was written). */
    public synchronized short[] lastSamples(Duration duration) {
        long wanted = duration.toMillis() * format.sampleRate() / 1000;
        return last((int) Math.min(Math.min(wanted, written), ring.length));
    }

    /** Forgets what was recorded. */
    public synchronized void clear() {
        written = 0;
    }

    /** Writes what is kept as a 16-bit mono WAV file. */
    public void writeWav(Path file) throws IOException {
        Wav.write(file, format, samples());
    }

    private short[] last(int n) {
        short[] out = new short[n];
        long start = written - n;
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return out;
    }

    @Override
    public void close() {
    }
}
