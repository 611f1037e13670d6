package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterBufferTest {

    private static RtpPacket packet(int seq) {
        return new RtpPacket(false, 0, seq & 0xFFFF, seq * 160L, 1, new byte[] {(byte) seq});
    }

    @Test
    void waits_for_the_target_depth_then_plays_in_sequence_order() {
        JitterBuffer jb = new JitterBuffer(2, 10);
        jb.offer(packet(11));
        assertThat(jb.poll().kind()).isEqualTo(Playout.Kind.IDLE);
        jb.offer(packet(10));
        jb.offer(packet(12));

        assertThat(jb.poll().packet().sequence()).isEqualTo(10);
        assertThat(jb.poll().packet().sequence()).isEqualTo(11);
        assertThat(jb.poll().packet().sequence()).isEqualTo(12);
    }

    @Test
    void drops_duplicates_and_packets_that_arrive_after_their_turn() {
        JitterBuffer jb = new JitterBuffer(1, 10);
        assertThat(jb.offer(packet(5))).isEqualTo(JitterBuffer.Offer.ACCEPTED);
        assertThat(jb.offer(packet(5))).isEqualTo(JitterBuffer.Offer.DUPLICATE);
        jb.poll();

        assertThat(jb.offer(packet(5))).isEqualTo(JitterBuffer.Offer.LATE);
        assertThat(jb.offer(packet(4))).isEqualTo(JitterBuffer.Offer.LATE);
        assertThat(jb.duplicatePackets()).isEqualTo(1);
        assertThat(jb.latePackets()).isEqualTo(2);
    }

    @Test
    void reports_a_gap_as_a_lost_frame_and_offers_the_next_payload_for_fec() {
        JitterBuffer jb = new JitterBuffer(1, 10);
        jb.offer(packet(1));
        jb.offer(packet(3));

        assertThat(jb.poll().packet().sequence()).isEqualTo(1);
        Playout lost = jb.poll();
        assertThat(lost.kind()).isEqualTo(Playout.Kind.LOST);
        assertThat(lost.nextPayload()).containsExactly(3);
        assertThat(jb.poll().packet().sequence()).isEqualTo(3);
        assertThat(jb.lostFrames()).isEqualTo(1);
    }

    @Test
    void follows_the_sequence_number_across_its_wraparound() {
        JitterBuffer jb = new JitterBuffer(3, 10);
        jb.offer(packet(0));
        jb.offer(packet(65535));
        jb.offer(packet(65534));

        assertThat(jb.poll().packet().sequence()).isEqualTo(65534);
        assertThat(jb.poll().packet().sequence()).isEqualTo(65535);
        assertThat(jb.poll().packet().sequence()).isEqualTo(0);
        assertThat(jb.lostFrames()).isZero();
    }

    @Test
    void never_holds_more_than_the_maximum_depth() {
        JitterBuffer jb = new JitterBuffer(2, 4);
        for (int s = 0; s < 20; s++) {
            jb.offer(packet(s));
        }

        assertThat(jb.depth()).isEqualTo(4);
        assertThat(jb.poll().packet().sequence()).isEqualTo(16);
    }

    @Test
    void rebuffers_deeper_after_the_stream_stops() {
        JitterBuffer jb = new JitterBuffer(1, 5);
        jb.offer(packet(1));
        jb.poll();
        for (int i = 0; i < 20; i++) {
            jb.poll();
        }

        assertThat(jb.poll().kind()).isEqualTo(Playout.Kind.IDLE);
        assertThat(jb.targetFrames()).isEqualTo(2);
    }

    @Test
    void starts_afresh_when_the_sender_changes_its_ssrc() {
        JitterBuffer jb = new JitterBuffer(1, 10);
        jb.offer(packet(30000));
        jb.poll();

        RtpPacket fromNewSource = new RtpPacket(false, 0, 100, 0, 2, new byte[] {1});
        assertThat(jb.offer(fromNewSource)).isEqualTo(JitterBuffer.Offer.ACCEPTED);
        assertThat(jb.poll().packet()).isSameAs(fromNewSource);
    }
}
