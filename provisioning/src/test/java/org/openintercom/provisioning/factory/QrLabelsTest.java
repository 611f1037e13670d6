package org.openintercom.provisioning.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.KeyPairs;

class QrLabelsTest {

    private final ClaimCode code = ClaimCode.newFor(DeviceId.random(), KeyPairs.ecP256().getPublic());

    @Test
    void png_label_decodes_back_to_the_qr_payload(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("label.png");

        QrLabels.png(code, "OpenIntercom ID5 rev A", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(QrDecoding.decode(image)).isEqualTo(code.qrPayload());
        assertThat(image.getHeight()).isGreaterThan(image.getWidth() / 2);
    }

    @Test
    void terminal_label_decodes_back_to_the_qr_payload_and_shows_the_typed_code() throws Exception {
        String text = QrLabels.terminal(code);

        assertThat(text).containsOnlyOnce(code.typed()).endsWith(code.typed() + "\n");
        assertThat(text.lines().findFirst().orElseThrow()).matches("█+");
        assertThat(QrDecoding.decode(QrDecoding.terminalImage(text))).isEqualTo(code.qrPayload());
    }

    @Test
    void qr_uses_error_correction_m_with_a_four_module_quiet_zone() {
        var m = QrLabels.matrix(code);

        // 39 alphanumeric symbols at level M need version 3 (29 modules); 4 modules of quiet zone each side
        assertThat(m.getWidth()).isEqualTo(29 + 8);
        for (int i = 0; i < m.getWidth(); i++) {
            assertThat(m.get(i, 0) || m.get(0, i) || m.get(i, 3) || m.get(3, i)).isFalse();
        }
    }
}
