package org.openintercom.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.emulated.EmulatedCamera;

/** The emulated camera draws a real JPEG. */
class EmulatedCameraTest {

    @Test
    void takes_a_640_by_480_jpeg_that_image_io_decodes() throws IOException {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        EmulatedCamera camera = new EmulatedCamera("Front door", Clock.fixed(now, ZoneOffset.UTC));

        Snapshot snapshot = camera.snapshot();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(snapshot.jpeg()));

        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        assertThat(snapshot.width()).isEqualTo(640);
        assertThat(snapshot.height()).isEqualTo(480);
        assertThat(snapshot.takenAt()).isEqualTo(now);
        assertThat(snapshot.jpeg()).startsWith((byte) 0xff, (byte) 0xd8);
    }
}
