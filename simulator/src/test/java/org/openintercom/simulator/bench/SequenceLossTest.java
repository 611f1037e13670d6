package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceLossTest {

    @Test
    void counts_nothing_missing_when_every_packet_arrives() {
        SequenceLoss loss = new SequenceLoss(100);
        for (int i = 0; i < 50; i++) {
            loss.received(100 + i);
        }
        assertThat(loss.missing(50)).isZero();
        assertThat(loss.distinct()).isEqualTo(50);
    }

    @Test
    void counts_gaps_and_the_tail_that_never_came() {
        SequenceLoss loss = new SequenceLoss(0);
        for (int seq : new int[] {0, 1, 3, 4, 7}) {
            loss.received(seq);
        }
        // 2, 5, 6 lost in between; 8 and 9 sent but never arrived
        assertThat(loss.missing(10)).isEqualTo(5);
    }

    @Test
    void follows_the_sequence_number_across_wrap_around() {
        SequenceLoss loss = new SequenceLoss(65530);
        for (int i = 0; i < 100; i++) {
            if (i != 10) {
                loss.received((65530 + i) & 0xFFFF);
            }
        }
        assertThat(loss.missing(100)).isEqualTo(1);
    }

    @Test
    void reordered_packets_are_not_lost_and_duplicates_count_once() {
        SequenceLoss loss = new SequenceLoss(65535);
        for (int seq : new int[] {65535, 1, 0, 2, 2, 3}) {
            loss.received(seq);
        }
        assertThat(loss.missing(5)).isZero();
        assertThat(loss.duplicates()).isEqualTo(1);
    }

    @Test
    void a_long_stream_wraps_several_times() {
        SequenceLoss loss = new SequenceLoss(7);
        int sent = 3 * 65536 + 500;
        for (int i = 0; i < sent; i++) {
            if (i % 1000 != 999) {
                loss.received((7 + i) & 0xFFFF);
            }
        }
        assertThat(loss.missing(sent)).isEqualTo(sent / 1000);
    }
}
