package org.openintercom.simulator.firmware;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.openintercom.agent.update.EmulatedSelfTest;
import org.openintercom.agent.update.FileSlotDriver;
import org.openintercom.agent.update.SlotImage;

/**
 * Firmware images of emulated stations: a text header naming the version and model, for a "bad build" the
 * self-test failure marker (optionally limited to some hardware revisions, see {@link EmulatedSelfTest}), then
 * filler bytes derived from the version so that two versions differ the way real releases do.
 */
public final class EmulatedImages {

    /** The version every emulated station leaves the factory with. */
    public static final String FACTORY_VERSION = "1.0.0";
    /** Size of emulated images: 256 KiB (four 64 KiB chunks). */
    public static final int SIZE = 256 << 10;

    private EmulatedImages() {
    }

    /** A good image of {@code version} for {@code models}. */
    public static byte[] image(String version, List<String> models) {
        return image(version, models, "");
    }

    /**
     * An image that fails its self-test on every station, or only on {@code failingRevisions} when some are
     * given (a build that lacks the driver of those boards).
     */
    public static byte[] badImage(String version, List<String> models, List<String> failingRevisions) {
        return image(version, models, EmulatedSelfTest.MARKER
                + (failingRevisions.isEmpty() ? "" : ":rev=" + String.join(",", failingRevisions)) + "\n");
    }

    private static byte[] image(String version, List<String> models, String marker) {
        byte[] head = ("OpenIntercom emulated firmware " + version + " for " + String.join(",", models) + "\n" + marker)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] image = new byte[SIZE];
        System.arraycopy(head, 0, image, 0, head.length);
        SplittableRandom random = new SplittableRandom(version.hashCode());
        for (int i = head.length; i < image.length; i++) {
            image[i] = (byte) random.nextInt(256);
        }
        return image;
    }

    /** Gives a new station's slot folder the factory image of {@code model} (once; see {@link FileSlotDriver#seed}). */
    public static void seedFactoryImage(Path slots, String model) {
        byte[] image = image(FACTORY_VERSION, List.of(model));
        FileSlotDriver.seed(slots, image, new SlotImage(FACTORY_VERSION, 1, sha256(image)));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
