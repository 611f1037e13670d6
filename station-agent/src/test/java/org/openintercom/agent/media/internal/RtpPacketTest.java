package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void serializes_the_fixed_header_then_the_payload() {
        RtpPacket p = new RtpPacket(true, 0, 0xBEEF, 0xDEADBEEFL, 0x12345678L, new byte[] {1, 2});

        assertThat(p.serialize()).isEqualTo(hex("80 80 BEEF DEADBEEF 12345678 0102"));
    }

    @Test
    void parses_what_it_serializes() {
        RtpPacket p = new RtpPacket(false, 111, 65535, 4_294_967_295L, 1L, new byte[] {9, 8, 7});
        byte[] wire = p.serialize();

        RtpPacket back = RtpPacket.parse(wire, 0, wire.length).orElseThrow();

        assertThat(back.payloadType()).isEqualTo(111);
        assertThat(back.sequence()).isEqualTo(65535);
        assertThat(back.timestamp()).isEqualTo(4_294_967_295L);
        assertThat(back.payload()).containsExactly(9, 8, 7);
    }

    @Test
    void skips_csrcs_extension_and_padding() {
        // V=2 P=1 X=1 CC=1, PT 8; 1 CSRC; extension profile 0xBEDE with 1 word; payload AA BB; 2 bytes padding
        byte[] wire = hex("B1 08 0001 00000010 00000020 11111111 BEDE0001 01020304 AABB 0002");

        RtpPacket p = RtpPacket.parse(wire, 0, wire.length).orElseThrow();

        assertThat(p.payloadType()).isEqualTo(8);
        assertThat(p.payload()).isEqualTo(hex("AABB"));
    }

    @Test
    void rejects_short_wrong_version_and_overlong_headers_without_throwing() {
        assertThat(RtpPacket.parse(hex("8000"), 0, 2)).isEmpty();
        assertThat(RtpPacket.parse(hex("40000001 00000000 00000000"), 0, 12)).isEmpty();
        assertThat(RtpPacket.parse(hex("8F000001 00000000 00000000"), 0, 12)).isEmpty(); // 15 CSRCs missing
        assertThat(RtpPacket.parse(hex("90000001 00000000 00000000 BEDE0009"), 0, 16)).isEmpty();
        assertThat(RtpPacket.parse(hex("A0000001 00000000 00000000 00FF"), 0, 14)).isEmpty(); // padding > size
        assertThat(RtpPacket.parse(hex("80000001 00000000 00000000"), 0, 99)).isEmpty();
        assertThat(RtpPacket.parse(hex("80000001 00000000 00000000"), 0, 12)).isPresent();
    }
}
