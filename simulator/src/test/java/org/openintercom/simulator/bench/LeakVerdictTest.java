package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeakVerdictTest {

    private static final long MIB = 1 << 20;

    @Test
    void samples_that_wander_within_ten_percent_are_flat() {
        LeakVerdict v = LeakVerdict.judge(List.of(100 * MIB, 130 * MIB, 95 * MIB, 109 * MIB), 0.10, 4 * MIB);
        assertThat(v.flat()).isTrue();
        assertThat(v.word()).isEqualTo("flat");
    }

    @Test
    void a_last_sample_more_than_ten_percent_and_the_slack_above_the_first_is_growing() {
        LeakVerdict v = LeakVerdict.judge(List.of(100 * MIB, 105 * MIB, 111 * MIB), 0.10, 4 * MIB);
        assertThat(v.flat()).isFalse();
        assertThat(v.word()).isEqualTo("GROWING");
        assertThat(v.growthBytes()).isEqualTo(11 * MIB);
    }

    @Test
    void a_small_heap_may_grow_by_the_slack() {
        assertThat(LeakVerdict.judge(List.of(10 * MIB, 14 * MIB), 0.10, 4 * MIB).flat()).isTrue();
        assertThat(LeakVerdict.judge(List.of(10 * MIB, 15 * MIB), 0.10, 4 * MIB).flat()).isFalse();
    }

    @Test
    void needs_two_samples() {
        assertThatThrownBy(() -> LeakVerdict.judge(List.of(MIB), 0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
