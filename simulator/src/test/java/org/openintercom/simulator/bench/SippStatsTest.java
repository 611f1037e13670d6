package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SippStatsTest {

    private static final String HEADER = "StartTime;ElapsedTime(C);TotalCallCreated;SuccessfulCall(C);FailedCall(C);"
            + "Retransmissions(C);";

    @Test
    void reads_the_cumulative_counters_of_the_last_complete_line_and_when_every_call_was_created() {
        SippStats s = SippStats.parse(List.of(HEADER,
                "2026-12-06\t19:07:44;00:00:01;1000;800;0;0;",
                "2026-12-06\t19:07:45;00:00:02;2000;1900;1;3;",
                "2026-12-06\t19:07:46;00:00:03;2000;1998;2;5;",
                "2026-12-06\t19:07:4"), 2000);
        assertThat(s).isEqualTo(new SippStats(2000, 1998, 2, 5, 2.0));
        assertThat(s.finished()).isEqualTo(2000);
    }

    @Test
    void not_all_created_yet_and_an_empty_file() {
        assertThat(SippStats.parse(List.of(HEADER, "x;00:00:01;10;5;0;0;"), 100).secondsToCreate()).isEqualTo(-1);
        assertThat(SippStats.parse(List.of(HEADER), 100)).isEqualTo(SippStats.NONE);
    }

    @Test
    void elapsed_times_with_microseconds() {
        assertThat(SippStats.seconds("01:02:03:500000")).isEqualTo(3723.5);
    }
}
