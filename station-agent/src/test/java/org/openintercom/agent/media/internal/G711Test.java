package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void ulaw_matches_the_standard_table_at_zero_and_full_scale() {
        assertThat(G711.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.linearToUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
    }

    @Test
    void alaw_matches_the_standard_table_at_zero_and_full_scale() {
        assertThat(G711.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(G711.linearToAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
    }

    @Test
    void every_code_decodes_to_a_value_that_encodes_back_to_the_same_code() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertThat(G711.linearToAlaw(G711.alawToLinear(code))).as("A-law %02x", c).isEqualTo(code);
            if (c != 0x7F) { // 0x7F and 0xFF are both µ-law zero
                assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).as("µ-law %02x", c).isEqualTo(code);
            }
        }
    }

    @Test
    void round_trip_error_stays_within_the_segment_step() {
        for (int s = -32768; s <= 32767; s += 7) {
            short v = (short) s;
            int tolerance = Math.max(16, Math.abs(s) / 16);
            assertThat(Math.abs(G711.ulawToLinear(G711.linearToUlaw(v)) - s)).isLessThanOrEqualTo(tolerance);
            assertThat(Math.abs(G711.alawToLinear(G711.linearToAlaw(v)) - s)).isLessThanOrEqualTo(tolerance);
        }
    }
}
