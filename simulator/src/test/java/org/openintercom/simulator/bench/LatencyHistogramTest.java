package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentiles_are_the_middle_of_the_nearest_rank_bucket() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 10_000L); // 10 us .. 1000 us
        }
        assertThat(h.percentileMicros(50)).isEqualTo(505);
        assertThat(h.percentileMicros(99)).isEqualTo(995);
        assertThat(h.percentileMicros(100)).isEqualTo(1005);
        assertThat(h.maxMicros()).isEqualTo(1000);
    }

    @Test
    void latencies_beyond_a_second_share_the_last_bucket_and_count_as_late() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(50_000);          // 50 us
        h.record(150_000_000);     // 150 ms
        h.record(5_000_000_000L);  // 5 s
        assertThat(h.countAtLeast(100_000)).isEqualTo(2);
        assertThat(h.countAtLeast(1)).isEqualTo(3);
        assertThat(h.maxMicros()).isEqualTo(5_000_000);
    }

    @Test
    void merged_histograms_add_up() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(20_000);
        b.record(40_000);
        b.record(-5); // a clock step backwards counts as 0
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileMicros(1)).isEqualTo(5);
        assertThat(new LatencyHistogram().percentileMicros(50)).isNaN();
    }
}
