package org.openintercom.hal.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Streams what it is given into a 16-bit mono WAV file; the header's sizes are fixed when it is closed. */
public final class WavFileSink implements AudioSink {

    private static final int HEADER = 44;

    private final AudioFormat format;
    private final Path file;
    private final RandomAccessFile out;
    private long dataBytes;
    private boolean closed;

    public WavFileSink(Path file, AudioFormat format) {
        this.format = format;
        this.file = file;
        try {
            this.out = new RandomAccessFile(file.toFile(), "rw");
            out.setLength(0);
            out.write(header(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audio file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized void write(short[] frame) {
        if (closed) {
            throw new IllegalStateException("audio file " + file + " is closed");
        }
        ByteBuffer b = ByteBuffer.allocate(frame.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : frame) {
            b.putShort(s);
        }
        try {
            out.write(b.array());
            dataBytes += b.capacity();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audio file " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] header(long data) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + data)).put(new byte[] {'W', 'A', 'V', 'E'});
        h.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(format.sampleRate()).putInt(format.sampleRate() * 2).putShort((short) 2).putShort((short) 16);
        h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) data);
        return h.array();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.seek(0);
            out.write(header(dataBytes));
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish audio file " + file + ": " + e.getMessage(), e);
        }
    }
}
