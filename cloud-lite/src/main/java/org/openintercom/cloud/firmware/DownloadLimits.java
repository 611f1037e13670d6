package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Per-device download caps: at most {@code maxParallel} downloads at once per device, and one token bucket in
 * bytes per second per device shared by its downloads (a burst of up to 64 KiB, then the rate). State of a
 * device is forgotten once it has no download running and its bucket is full again.
 */
public final class DownloadLimits {

    /** How many bytes a device may receive at once before the rate applies. */
    static final long BURST_BYTES = 64 << 10;

    private final long bytesPerSecond;
    private final int maxParallel;
    private final Map<String, DeviceState> devices = new HashMap<>();

    private static final class DeviceState {
        int running;
        /** When the bucket is next empty (GCRA theoretical arrival time, System.nanoTime based). */
        long emptyAt = Long.MIN_VALUE;
    }

    public DownloadLimits(long bytesPerSecond, int maxParallel) {
        this.bytesPerSecond = bytesPerSecond;
        this.maxParallel = maxParallel;
    }

    /** A download slot of {@code deviceId}, or empty when it already runs the most downloads allowed. */
    public Optional<Slot> start(String deviceId) {
        synchronized (devices) {
            DeviceState s = devices.computeIfAbsent(deviceId, k -> new DeviceState());
            if (s.running >= maxParallel) {
                return Optional.empty();
            }
            s.running++;
            return Optional.of(new Slot(deviceId, s));
        }
    }

    /** Downloads currently running for {@code deviceId}. */
    public int running(String deviceId) {
        synchronized (devices) {
            DeviceState s = devices.get(deviceId);
            return s == null ? 0 : s.running;
        }
    }

    /** One running download; {@link #close()} ends it. */
    public final class Slot implements AutoCloseable {
        private final String deviceId;
        private final DeviceState state;
        private boolean closed;

        private Slot(String deviceId, DeviceState state) {
            this.deviceId = deviceId;
            this.state = state;
        }

        /** Copies {@code length} bytes from {@code in} to {@code out} at no more than the device's rate. */
        public long copy(InputStream in, OutputStream out, long length) throws IOException {
            byte[] buffer = new byte[(int) Math.min(BURST_BYTES, Math.max(1024, bytesPerSecond / 16))];
            long done = 0;
            while (done < length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - done));
                if (n < 0) {
                    throw new IOException("the stored object ended after " + done + " of " + length + " bytes");
                }
                take(n);
                out.write(buffer, 0, n);
                done += n;
            }
            return done;
        }

        /** Waits until the device's bucket holds {@code n} bytes and takes them. */
        void take(int n) throws IOException {
            long wait;
            synchronized (devices) {
                long now = System.nanoTime();
                long burstNanos = BURST_BYTES * 1_000_000_000L / bytesPerSecond;
                long start = Math.max(state.emptyAt == Long.MIN_VALUE ? now - burstNanos : state.emptyAt,
                        now - burstNanos);
                state.emptyAt = start + n * 1_000_000_000L / bytesPerSecond;
                wait = state.emptyAt - now;
            }
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("download interrupted");
                }
            }
        }

        @Override
        public void close() {
            synchronized (devices) {
                if (closed) {
                    return;
                }
                closed = true;
                state.running--;
                long burstNanos = BURST_BYTES * 1_000_000_000L / bytesPerSecond;
                if (state.running == 0 && state.emptyAt - (System.nanoTime() - burstNanos) <= 0) {
                    devices.remove(deviceId, state);
                }
            }
        }
    }
}
