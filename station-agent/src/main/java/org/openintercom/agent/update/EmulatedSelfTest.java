package org.openintercom.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The self-test of an emulated station: it fails when the running image carries the ASCII marker
 * {@value #MARKER} in its first 4096 bytes (how tests and demos build a "bad image") or cannot be read. A marker
 * followed by {@code :rev=B,C} fails only on those hardware revisions: an image that lacks the driver of one
 * board revision, the usual way a release passes its first wave and breaks later.
 */
public final class EmulatedSelfTest implements SelfTest {

    /** The marker that makes the self-test fail. */
    public static final String MARKER = "OI-SELFTEST-FAIL";
    static final int SCANNED = 4096;

    private static final String REVISIONS = ":rev=";

    private final SlotDriver slots;
    private final String hardwareRevision;

    /** The self-test of a station whose board is {@code hardwareRevision}. */
    public EmulatedSelfTest(SlotDriver slots, String hardwareRevision) {
        this.slots = slots;
        this.hardwareRevision = hardwareRevision;
    }

    @Override
    public HealthCheck.Result run() {
        Optional<Path> image = slots.imageFile(slots.running());
        if (image.isEmpty()) {
            return HealthCheck.Result.failed("slot " + slots.running() + " holds no complete image");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(image.get())) {
            head = in.readNBytes(SCANNED);
        } catch (IOException e) {
            return HealthCheck.Result.failed("cannot read the running image: " + e.getMessage());
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(MARKER);
        if (at < 0) {
            return HealthCheck.Result.passed();
        }
        int after = at + MARKER.length();
        if (!text.startsWith(REVISIONS, after)) {
            return HealthCheck.Result.failed("the running image carries the marker " + MARKER);
        }
        int end = after + REVISIONS.length();
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == ',')) {
            end++;
        }
        List<String> revisions = List.of(text.substring(after + REVISIONS.length(), end).split(","));
        return revisions.contains(hardwareRevision)
                ? HealthCheck.Result.failed("the running image fails on hardware revision " + hardwareRevision
                        + " (marker " + text.substring(at, end) + ")")
                : HealthCheck.Result.passed();
    }
}
