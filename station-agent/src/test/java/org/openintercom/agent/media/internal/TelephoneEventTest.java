package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventTest {

    private static List<RtpPacket> sendDigit(char digit) {
        DtmfSender sender = new DtmfSender();
        sender.queue(digit);
        List<RtpPacket> packets = new ArrayList<>();
        long ts = 1000;
        for (int seq = 0; seq < 12; seq++, ts += 160) {
            RtpPacket p = sender.next(101, seq, ts, 7, 160);
            if (p != null) {
                packets.add(p);
            }
        }
        return packets;
    }

    @Test
    void digit_5_is_sent_as_five_updates_and_three_end_packets_with_one_timestamp() {
        List<RtpPacket> packets = sendDigit('5');

        assertThat(packets).hasSize(8);
        assertThat(packets).extracting(RtpPacket::timestamp).containsOnly(1000L);
        assertThat(packets).extracting(RtpPacket::marker).containsExactly(true, false, false, false, false, false,
                false, false);
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(packets.get(0).serialize())).isEqualTo("80e50000000003e800000007050a00a0");
        assertThat(packets).extracting(p -> hex.formatHex(p.payload())).containsExactly("050a00a0", "050a0140",
                "050a01e0", "050a0280", "050a0320", "058a0320", "058a0320", "058a0320");
    }

    @Test
    void maps_every_dtmf_digit_to_its_event_code_and_back() {
        String digits = "0123456789*#ABCD";
        for (int i = 0; i < digits.length(); i++) {
            assertThat(TelephoneEvents.code(digits.charAt(i))).isEqualTo(i);
            assertThat(TelephoneEvents.digit(i)).isEqualTo(digits.charAt(i));
        }
        assertThat(TelephoneEvents.code('x')).isEqualTo(-1);
        assertThat(TelephoneEvents.digit(16)).isEqualTo((char) 0);
    }

    @Test
    void receiver_reports_each_event_once_despite_updates_and_retransmitted_ends() {
        DtmfReceiver receiver = new DtmfReceiver();
        List<Character> reported = new ArrayList<>();
        List<RtpPacket> all = new ArrayList<>(sendDigit('#'));
        all.addAll(sendDigit('#').stream()
                .map(p -> new RtpPacket(p.marker(), 101, p.sequence() + 8, 5000, 7, p.payload())).toList());
        for (RtpPacket p : all) {
            char c = receiver.onPacket(p);
            if (c != 0) {
                reported.add(c);
            }
        }

        assertThat(reported).containsExactly('#', '#');
    }

    @Test
    void receiver_ignores_short_payloads_and_non_dtmf_events() {
        DtmfReceiver receiver = new DtmfReceiver();

        assertThat(receiver.onPacket(new RtpPacket(false, 101, 1, 1, 1, new byte[] {1, 2}))).isEqualTo((char) 0);
        assertThat(receiver.onPacket(new RtpPacket(false, 101, 1, 2, 1, TelephoneEvents.payload(40, false, 160))))
                .isEqualTo((char) 0);
    }
}
