package org.openintercom.hal.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Keeps the last stretch of what it is given in memory (a ring buffer of {@code keep}), for tests, the simulator
 * and the demo's "did audio arrive" checks; can write what it holds as a WAV file. The buffer grows with what is
 * written, up to {@code keep}: a station that never plays anything (most of a simulated fleet) holds no audio.
 */
public final class RecordingSink implements AudioSink {

    private final AudioFormat format;
    private static final int FIRST_SIZE = 4096;

    private final int capacity;
    private short[] ring = new short[0];
    private long written;

    public RecordingSink(AudioFormat format, Duration keep) {
        this.format = format;
        long samples = keep.toMillis() * format.sampleRate() / 1000;
        if (samples <= 0 || samples > 50_000_000) {
            throw new IllegalArgumentException("keep must be between 1 ms and about 15 minutes, not " + keep);
        }
        this.capacity = (int) samples;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized void write(short[] frame) {
        for (short s : frame) {
            if (written < capacity && written >= ring.length) {
                ring = java.util.Arrays.copyOf(ring, (int) Math.min(capacity, Math.max(FIRST_SIZE, 2L * ring.length)));
            }
            ring[(int) (written % capacity)] = s;
            written++;
        }
    }

    /** Samples written since creation (also those no longer kept). */
    public synchronized long samplesWritten() {
        return written;
    }

    /** Everything still kept, oldest first. */
    public synchronized short[] samples() {
        return last((int) Math.min(written, capacity));
    }

    /** The last {@code duration} of audio (less if less was written). */
    public synchronized short[] lastSamples(Duration duration) {
        long wanted = duration.toMillis() * format.sampleRate() / 1000;
        return last((int) Math.min(Math.min(wanted, written), capacity));
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
            out[i] = ring[(int) ((start + i) % capacity)];
        }
        return out;
    }

    @Override
    public void close() {
    }
}
