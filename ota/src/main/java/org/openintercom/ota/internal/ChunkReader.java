package org.openintercom.ota.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Reads a stream chunk by chunk into one reused buffer, so a payload of any size needs one chunk of memory. */
public final class ChunkReader {

    /** Receives each chunk; the buffer is reused, so copy what must be kept. */
    @FunctionalInterface
    public interface ChunkHandler {
        /** Chunk {@code index} is {@code bytes[0, length)}; return false to stop reading. */
        boolean chunk(int index, byte[] bytes, int length);
    }

    private ChunkReader() {
    }

    /**
     * Reads {@code in} to its end in chunks of {@code chunkSize} (the last may be shorter), handing each to
     * {@code handler}; returns the number of bytes read (up to where the handler stopped).
     */
    public static long read(ReadableByteChannel in, int chunkSize, ChunkHandler handler, String what) {
        byte[] buffer = new byte[chunkSize];
        ByteBuffer b = ByteBuffer.wrap(buffer);
        long total = 0;
        int index = 0;
        try {
            while (true) {
                b.clear();
                while (b.hasRemaining() && in.read(b) >= 0) {
                    // fill the chunk; a short read is not the end of the stream
                }
                int length = b.position();
                if (length == 0) {
                    return total;
                }
                total += length;
                if (!handler.chunk(index++, buffer, length) || length < chunkSize) {
                    return total;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
