package org.openintercom.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class DownloadLimitsTest {

    @Test
    void copies_at_about_the_rate_after_a_small_burst() throws Exception {
        DownloadLimits limits = new DownloadLimits(512 << 10, 2);
        byte[] body = new byte[1 << 20];

        long t0 = System.nanoTime();
        try (DownloadLimits.Slot slot = limits.start("dev").orElseThrow()) {
            slot.copy(new ByteArrayInputStream(body), OutputStream.nullOutputStream(), body.length);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(millis).isBetween(1700L, 10_000L);
    }

    @Test
    void a_device_gets_no_more_parallel_slots_than_allowed_and_gets_them_back() {
        DownloadLimits limits = new DownloadLimits(1 << 20, 2);
        DownloadLimits.Slot a = limits.start("dev").orElseThrow();
        DownloadLimits.Slot b = limits.start("dev").orElseThrow();

        assertThat(limits.start("dev")).isEmpty();
        assertThat(limits.start("other")).isPresent();

        a.close();
        a.close();
        assertThat(limits.start("dev")).isPresent();
        b.close();
    }
}
