package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openintercom.agent.media.SrtpKeys;

class SrtpTransformerTest {

    private final byte[] aliceKey = SrtpKeys.generateKeyAndSalt();
    private final byte[] bobKey = SrtpKeys.generateKeyAndSalt();

    private static byte[] rtp(int seq) {
        return new RtpPacket(false, 0, seq, seq * 160L, 0xCAFEL, "hello audio".getBytes()).serialize();
    }

    @Test
    void what_one_side_protects_the_other_unprotects() {
        try (SrtpTransformer alice = new SrtpTransformer(SrtpKeys.aesCm128(aliceKey, bobKey));
                SrtpTransformer bob = new SrtpTransformer(SrtpKeys.aesCm128(bobKey, aliceKey))) {
            for (int seq = 1; seq <= 3; seq++) {
                byte[] plain = rtp(seq);
                byte[] secured = alice.protect(plain, 0xCAFEL);

                assertThat(secured).hasSize(plain.length + 10);
                assertThat(new String(secured)).doesNotContain("hello audio");
                assertThat(bob.unprotect(secured, secured.length)).hasValueSatisfying(
                        p -> assertThat(p).isEqualTo(plain));
            }
        }
    }

    @Test
    void a_tampered_or_replayed_or_wrongly_keyed_packet_is_rejected_and_counted() {
        try (SrtpTransformer alice = new SrtpTransformer(SrtpKeys.aesCm128(aliceKey, bobKey));
                SrtpTransformer bob = new SrtpTransformer(SrtpKeys.aesCm128(bobKey, aliceKey));
                SrtpTransformer eve = new SrtpTransformer(SrtpKeys.aesCm128(bobKey, bobKey))) {
            byte[] secured = alice.protect(rtp(7), 0xCAFEL);
            byte[] tampered = secured.clone();
            tampered[14] ^= 1;

            assertThat(bob.unprotect(tampered, tampered.length)).isEmpty();
            assertThat(eve.unprotect(secured, secured.length)).isEmpty();
            assertThat(bob.unprotect(secured, secured.length)).isPresent();
            assertThat(bob.unprotect(secured, secured.length)).isEmpty();
            assertThat(bob.unprotect(new byte[5], 5)).isEmpty();
            assertThat(bob.rejected()).isEqualTo(3);
        }
    }

    @Test
    void sdes_inline_keys_round_trip_and_bad_ones_are_explained() {
        byte[] key = SrtpKeys.generateKeyAndSalt();
        String inline = SrtpKeys.toInline(key);

        assertThat(inline).startsWith("inline:").hasSize(7 + 40);
        assertThat(SrtpKeys.fromInline(inline + "|2^31|1:1")).isEqualTo(key);
        assertThatThrownBy(() -> SrtpKeys.fromInline("inline:AAAA")).hasMessageContaining("30 bytes");
        assertThatThrownBy(() -> SrtpKeys.fromInline("inline:%%%")).hasMessageContaining("base64");
    }
}
