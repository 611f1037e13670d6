package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.openintercom.agent.media.RtpCodec;
import org.openintercom.hal.audio.ToneAnalysis;

class ConcealmentTest {

    @Test
    void repeats_the_last_frame_fading_out_then_plays_silence() {
        Concealer c = new Concealer();
        short[] last = new short[160];
        java.util.Arrays.fill(last, (short) 1000);
        c.good(last);

        assertThat(c.conceal(160)[0]).isEqualTo((short) 800);
        assertThat(c.conceal(160)[0]).isEqualTo((short) 600);
        assertThat(c.conceal(160)[0]).isEqualTo((short) 400);
        assertThat(c.conceal(160)[0]).isEqualTo((short) 200);
        assertThat(c.conceal(160)).containsOnly((short) 0);
    }

    @Test
    void opus_conceals_a_lost_frame_with_its_own_plc_and_recovers_one_from_fec() {
        short[] tone = Signals.tone(440, 48000, 48000, 8000);
        try (AudioEncoder enc = Codecs.encoder(RtpCodec.OPUS); AudioDecoder dec = Codecs.decoder(RtpCodec.OPUS)) {
            byte[][] packets = new byte[50][];
            for (int f = 0; f < 50; f++) {
                packets[f] = enc.encode(Signals.frame(tone, f, 960));
            }
            for (int f = 0; f < 30; f++) {
                dec.decode(packets[f]);
            }

            short[] plc = dec.conceal();
            short[] fec = dec.recover(packets[32]);

            assertThat(dec.concealsLoss()).isTrue();
            assertThat(plc).hasSize(960);
            assertThat(fec).hasSize(960);
            assertThat(ToneAnalysis.rms(plc)).isGreaterThan(1000);
            assertThat(ToneAnalysis.dominantFrequency(fec, 48000)).isCloseTo(440, within(40.0));
        }
    }

    @Test
    void g711_and_g722_leave_concealment_to_the_caller() {
        assertThat(Codecs.decoder(RtpCodec.PCMU).concealsLoss()).isFalse();
        assertThat(Codecs.decoder(RtpCodec.G722).concealsLoss()).isFalse();
    }
}
