package org.openintercom.hal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToneAnalysisTest {

    @Test
    void finds_the_frequency_of_a_pure_tone_between_fft_bins() {
        short[] tone = ResamplerTest.tone(1234.5, 16000, 25, 8000);

        assertThat(ToneAnalysis.dominantFrequency(tone, 16000)).isCloseTo(1234.5, within(2.0));
    }

    @Test
    void finds_the_louder_of_two_tones() {
        short[] a = ResamplerTest.tone(440, 8000, 25, 8000);
        short[] b = ResamplerTest.tone(1000, 8000, 25, 2000);
        short[] mix = new short[a.length];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (short) (a[i] + b[i]);
        }

        assertThat(ToneAnalysis.dominantFrequency(mix, 8000)).isCloseTo(440, within(2.0));
        assertThat(ToneAnalysis.toneToRestDb(mix, 8000, 440, 30)).isCloseTo(12, within(1.5));
    }

    @Test
    void measures_the_rms_of_a_sine_and_of_silence() {
        assertThat(ToneAnalysis.rms(ResamplerTest.tone(1000, 8000, 10, 10000))).isCloseTo(7071, within(20.0));
        assertThat(ToneAnalysis.rms(new short[800])).isZero();
        assertThat(ToneAnalysis.dominantFrequency(new short[800], 8000)).isZero();
    }
}
