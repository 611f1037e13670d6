package org.openintercom.hal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    static short[] tone(double hz, int rate, int frames, double amplitude) {
        short[] s = new short[rate / 50 * frames];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    static short[] resampleInFrames(Resampler r, short[] in) {
        int inLen = r.inRate() / 50;
        int outLen = r.outRate() / 50;
        int frames = in.length / inLen;
        short[] out = new short[frames * outLen];
        short[] frame = new short[inLen];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(in, f * inLen, frame, 0, inLen);
            System.arraycopy(r.process(frame), 0, out, f * outLen, outLen);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz keeps a {2} Hz tone")
    @CsvSource({"8000,16000,1000", "16000,8000,1000", "16000,48000,440", "48000,16000,3000", "8000,48000,1000",
            "48000,8000,440"})
    void keeps_a_continuous_tone_at_its_frequency_and_level_across_frames(int in, int out, int hz) {
        Resampler r = new Resampler(in, out);
        short[] result = resampleInFrames(r, tone(hz, in, 50, 10000));
        short[] steady = ToneAnalysis.slice(result, out / 10, result.length);

        assertThat(ToneAnalysis.dominantFrequency(steady, out)).isCloseTo(hz, within(5.0));
        assertThat(ToneAnalysis.rms(steady)).isCloseTo(10000 / Math.sqrt(2), within(300.0));
        assertThat(ToneAnalysis.toneToRestDb(steady, out, hz, 30)).isGreaterThan(40);
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz removes a {2} Hz tone above the new Nyquist")
    @CsvSource({"16000,8000,6000", "48000,16000,12000", "48000,8000,7000"})
    void filters_out_frequencies_the_lower_rate_cannot_carry(int in, int out, int hz) {
        Resampler r = new Resampler(in, out);
        short[] result = resampleInFrames(r, tone(hz, in, 25, 10000));

        assertThat(ToneAnalysis.rms(result, out / 10, result.length)).isLessThan(100);
    }
}
