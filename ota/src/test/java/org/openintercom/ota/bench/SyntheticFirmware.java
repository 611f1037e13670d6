package org.openintercom.ota.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic firmware images for delta tests and benchmarks: a list of "files" (machine code-like bytes, text,
 * zero-filled areas, already-compressed assets, tables of records) laid out at 4 KiB boundaries like a file system
 * image, and the "minor release" of such an image: a few files changed in places, one file inserted (shifting
 * everything after it) and one removed.
 */
public final class SyntheticFirmware {

    private static final int BLOCK = 4096;
    private static final String[] WORDS = {"door", "station", "relay", "sip", "register", "invite", "codec", "opus",
        "camera", "button", "config", "mqtt", "broker", "update", "slot", "health", "commit", "rollback", "error",
        "warning", "info", "debug", "timeout", "retry", "certificate", "device", "intercom", "apartment", "call"};

    private final List<byte[]> files;

    private SyntheticFirmware(List<byte[]> files) {
        this.files = files;
    }

    /** An image of about {@code totalBytes} made of files of {@code minFile}..{@code maxFile} bytes. */
    public static SyntheticFirmware generate(long seed, long totalBytes, int minFile, int maxFile) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> files = new ArrayList<>();
        long size = 0;
        while (size < totalBytes) {
            byte[] file = file(random, files.size(), random.nextInt(minFile, maxFile + 1));
            files.add(file);
            size += padded(file.length);
        }
        return new SyntheticFirmware(files);
    }

    /**
     * The next minor release: {@code changed} files get new code in places (a few scattered edits and one rewritten
     * stretch of about a tenth of the file), a new file is inserted at a third of the image and the file at two
     * thirds is removed.
     */
    public SyntheticFirmware minorRelease(long seed, int changed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> next = new ArrayList<>(files);
        for (int i = 0; i < changed; i++) {
            int index = random.nextInt(next.size());
            next.set(index, edit(random, next.get(index)));
        }
        next.remove(next.size() * 2 / 3);
        next.add(next.size() / 3, file(random, 0, random.nextInt(64 << 10, 256 << 10)));
        return new SyntheticFirmware(next);
    }

    /** The image's size in bytes. */
    public long size() {
        return files.stream().mapToLong(f -> padded(f.length)).sum();
    }

    /** Writes the image to {@code path}. */
    public Path writeTo(Path path) {
        byte[] padding = new byte[BLOCK];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (byte[] f : files) {
                out.write(f);
                out.write(padding, 0, (int) (padded(f.length) - f.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    private static long padded(int length) {
        return (length + BLOCK - 1L) / BLOCK * BLOCK;
    }

    private static byte[] file(SplittableRandom random, int index, int size) {
        byte[] b = new byte[size];
        switch (index % 5) {
            case 0 -> code(random, b);
            case 1 -> text(random, b);
            case 2 -> zeros(random, b);
            case 3 -> random.nextBytes(b);
            default -> records(random, b);
        }
        return b;
    }

    /** Machine code-like: a skewed alphabet of opcodes with repeated short sequences. */
    private static void code(SplittableRandom random, byte[] b) {
        int i = 0;
        while (i < b.length) {
            if (i > 64 && random.nextInt(4) == 0) {
                int len = Math.min(random.nextInt(4, 24), b.length - i);
                int from = i - random.nextInt(8, Math.min(i, 4096) + 1);
                System.arraycopy(b, from, b, i, Math.min(len, i - from));
                i += Math.min(len, i - from);
            } else {
                b[i++] = (byte) (random.nextInt(64) * random.nextInt(1, 5));
            }
        }
    }

    private static void text(SplittableRandom random, byte[] b) {
        StringBuilder s = new StringBuilder(b.length + 32);
        while (s.length() < b.length) {
            s.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
            if (random.nextInt(20) == 0) {
                s.append(random.nextInt(100_000)).append(' ');
            }
        }
        byte[] t = s.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, b.length);
    }

    /** Mostly zeros (pre-allocated areas), with a few non-zero words. */
    private static void zeros(SplittableRandom random, byte[] b) {
        for (int n = b.length / 4096; n > 0; n--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(1, 256);
        }
    }

    /** Tables of 32-byte records with counters and small fields. */
    private static void records(SplittableRandom random, byte[] b) {
        for (int i = 0; i + 32 <= b.length; i += 32) {
            int id = i / 32;
            b[i] = (byte) (id >>> 8);
            b[i + 1] = (byte) id;
            for (int j = 2; j < 32; j++) {
                b[i + j] = (byte) (j < 8 ? random.nextInt(256) : random.nextInt(3));
            }
        }
    }

    private static byte[] edit(SplittableRandom random, byte[] file) {
        byte[] b = file.clone();
        for (int n = Math.max(1, b.length / 8192); n > 0; n--) {
            int at = random.nextInt(b.length);
            int len = Math.min(random.nextInt(1, 9), b.length - at);
            for (int k = 0; k < len; k++) {
                b[at + k] = (byte) random.nextInt(256);
            }
        }
        int stretch = b.length / 10;
        if (stretch > 0) {
            byte[] fresh = file(random, random.nextInt(5), stretch);
            System.arraycopy(fresh, 0, b, random.nextInt(b.length - stretch + 1), stretch);
        }
        return b;
    }
}
