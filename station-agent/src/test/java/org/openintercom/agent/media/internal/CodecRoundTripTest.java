package org.openintercom.agent.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openintercom.agent.media.RtpCodec;
import org.openintercom.hal.audio.ToneAnalysis;

class CodecRoundTripTest {

    private static short[] roundTrip(RtpCodec codec, short[] signal, int expectedPayload) {
        try (AudioEncoder enc = Codecs.encoder(codec); AudioDecoder dec = Codecs.decoder(codec)) {
            int frameSamples = enc.sampleRate() / 50;
            int frames = signal.length / frameSamples;
            short[] out = new short[frames * frameSamples];
            for (int f = 0; f < frames; f++) {
                byte[] payload = enc.encode(Signals.frame(signal, f, frameSamples));
                if (expectedPayload > 0) {
                    assertThat(payload).hasSize(expectedPayload);
                }
                short[] pcm = dec.decode(payload);
                assertThat(pcm).hasSize(frameSamples);
                System.arraycopy(pcm, 0, out, f * frameSamples, frameSamples);
            }
            return out;
        }
    }

    @ParameterizedTest(name = "{0} keeps a {1} Hz tone")
    @CsvSource({"PCMU,440,30", "PCMU,3000,30", "PCMA,1000,30", "G722,1000,25", "G722,6000,15", "G722,300,25",
            "opus,440,15", "opus,1000,15", "opus,6000,15"})
    void encode_then_decode_keeps_the_tone(String name, int hz, double minSnrDb) {
        RtpCodec codec = switch (name) {
            case "PCMU" -> RtpCodec.PCMU;
            case "PCMA" -> RtpCodec.PCMA;
            case "G722" -> RtpCodec.G722;
            default -> RtpCodec.OPUS;
        };
        int rate = codec.audioSampleRate();
        short[] signal = Signals.tone(hz, rate, rate, 8000);

        short[] decoded = roundTrip(codec, signal, name.equals("opus") ? 0 : 160);
        short[] steady = ToneAnalysis.slice(decoded, rate / 5, decoded.length);

        assertThat(ToneAnalysis.dominantFrequency(steady, rate)).isCloseTo(hz, within(20.0));
        assertThat(ToneAnalysis.rms(steady)).isCloseTo(8000 / Math.sqrt(2), within(1500.0));
        assertThat(ToneAnalysis.toneToRestDb(steady, rate, hz, 50)).isGreaterThan(minSnrDb);
        if (!name.equals("opus")) { // Opus is perceptual: waveform SNR means little
            assertThat(Signals.snrDb(signal, decoded, rate / 5)).isGreaterThan(minSnrDb);
        }
    }
}
