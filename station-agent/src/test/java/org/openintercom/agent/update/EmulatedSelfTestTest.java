package org.openintercom.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatedSelfTestTest {

    @TempDir
    Path dir;

    private SlotDriver stationRunning(String image) throws Exception {
        byte[] bytes = image.getBytes(StandardCharsets.US_ASCII);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        FileSlotDriver.seed(dir, bytes, new SlotImage("1.0.0", 1, sha));
        FileSlotDriver slots = new FileSlotDriver(dir);
        slots.boot();
        return slots;
    }

    @Test
    void a_good_image_passes() throws Exception {
        assertThat(new EmulatedSelfTest(stationRunning("firmware 1.0.0"), "A").run().status()).isEqualTo(HealthCheck.Status.PASSED);
    }

    @Test
    void the_marker_fails_every_station() throws Exception {
        HealthCheck.Result r = new EmulatedSelfTest(stationRunning("firmware OI-SELFTEST-FAIL"), "A").run();

        assertThat(r.status()).isEqualTo(HealthCheck.Status.FAILED);
        assertThat(r.detail()).contains("OI-SELFTEST-FAIL");
    }

    @Test
    void a_marker_for_some_revisions_fails_only_those() throws Exception {
        SlotDriver slots = stationRunning("firmware OI-SELFTEST-FAIL:rev=B,C and more");

        assertThat(new EmulatedSelfTest(slots, "A").run().status()).isEqualTo(HealthCheck.Status.PASSED);
        HealthCheck.Result onB = new EmulatedSelfTest(slots, "B").run();
        assertThat(onB.status()).isEqualTo(HealthCheck.Status.FAILED);
        assertThat(onB.detail()).contains("hardware revision B", "OI-SELFTEST-FAIL:rev=B,C");
        assertThat(new EmulatedSelfTest(slots, "C").run().status()).isEqualTo(HealthCheck.Status.FAILED);
    }
}
