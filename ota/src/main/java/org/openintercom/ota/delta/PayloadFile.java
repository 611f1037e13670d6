package org.openintercom.ota.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.openintercom.ota.Bundle;
import org.openintercom.ota.internal.BundleLayout;

/**
 * A firmware payload stored in a file: a whole raw image, or the payload region of an {@code .oib} bundle.
 *
 * @param file   the file holding the payload
 * @param offset where the payload starts in the file
 * @param length the payload's length in bytes
 */
public record PayloadFile(Path file, long offset, long length) {

    public PayloadFile {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a payload region needs a non-negative offset and length, was "
                    + offset + " and " + length);
        }
    }

    /** The whole of {@code image}. */
    public static PayloadFile image(Path image) {
        try {
            return new PayloadFile(image, 0, Files.size(image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + image + ": " + e.getMessage(), e);
        }
    }

    /** The payload of {@code bundle} (unverified: the caller decides whether the bundle must be verified first). */
    public static PayloadFile of(Bundle bundle) {
        return new PayloadFile(bundle.file(), bundle.payloadOffset(), bundle.payloadLength());
    }

    /**
     * The payload of {@code file}: the payload region if it is an {@code .oib} bundle (it starts with the bundle
     * magic), else the whole file as a raw image.
     */
    public static PayloadFile bundleOrImage(Path file) {
        return startsWithBundleMagic(file) ? of(Bundle.open(file)) : image(file);
    }

    private static boolean startsWithBundleMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(BundleLayout.MAGIC.length), BundleLayout.MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
