package org.openintercom.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The self-test of an emulated station: it fails when the running image carries the ASCII marker
 * {@value #MARKER} in its first 4096 bytes (how tests and demos build a "bad image") or cannot be read.
 */
public final class EmulatedSelfTest implements SelfTest {

    /** The marker that makes the self-test fail. */
    public static final String MARKER = "OI-SELFTEST-FAIL";
    static final int SCANNED = 4096;

    private final SlotDriver slots;

    public EmulatedSelfTest(SlotDriver slots) {
        this.slots = slots;
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
        if (new String(head, StandardCharsets.ISO_8859_1).contains(MARKER)) {
            return HealthCheck.Result.failed("the running image carries the marker " + MARKER);
        }
        return HealthCheck.Result.passed();
    }
}
