package org.openintercom.hal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tone, WAV and recording sources and sinks. */
class AudioSourcesAndSinksTest {

    @TempDir
    Path dir;

    private static short[] readFrames(AudioSource source, int frames) {
        int n = source.format().frameSamples();
        short[] out = new short[frames * n];
        short[] frame = new short[n];
        for (int f = 0; f < frames; f++) {
            source.read(frame);
            System.arraycopy(frame, 0, out, f * n, n);
        }
        return out;
    }

    @Test
    void a_tone_source_plays_its_frequency_at_its_level() {
        ToneSource tone = new ToneSource(AudioFormat.WIDEBAND, 1000, 8000);

        short[] samples = readFrames(tone, 25);

        assertThat(ToneAnalysis.dominantFrequency(samples, 16000)).isCloseTo(1000, within(3.0));
        assertThat(ToneAnalysis.rms(samples)).isCloseTo(8000 / Math.sqrt(2), within(30.0));
    }

    @Test
    void a_tone_source_is_phase_continuous_across_frames() {
        ToneSource tone = new ToneSource(AudioFormat.NARROWBAND, 440, 8000);

        short[] samples = readFrames(tone, 50);

        assertThat(ToneAnalysis.toneToRestDb(samples, 8000, 440, 20)).isGreaterThan(30);
    }

    @Test
    void a_recording_sink_keeps_the_last_samples() {
        RecordingSink sink = new RecordingSink(AudioFormat.NARROWBAND, Duration.ofMillis(100)); // 800 samples
        short[] frame = new short[160];
        for (int f = 0; f < 3; f++) {
            java.util.Arrays.fill(frame, (short) (f + 1));
            sink.write(frame);
        }

        assertThat(sink.samples()).hasSize(480);
        short[] last = sink.lastSamples(Duration.ofMillis(20));
        assertThat(last).hasSize(160).containsOnly((short) 3);
        assertThat(sink.lastSamples(Duration.ofSeconds(1))).hasSize(480);
    }

    @Test
    void a_recording_sink_keeps_only_the_newest_samples_after_wrapping() {
        RecordingSink sink = new RecordingSink(AudioFormat.NARROWBAND, Duration.ofMillis(100)); // 800 samples
        short[] frame = new short[160];
        for (int f = 0; f < 7; f++) { // 1120 samples: frames 1 and 2 are overwritten
            java.util.Arrays.fill(frame, (short) (f + 1));
            sink.write(frame);
        }

        short[] kept = sink.samples();
        assertThat(kept).hasSize(800);
        assertThat(kept[0]).isEqualTo((short) 3);
        assertThat(kept[799]).isEqualTo((short) 7);
        assertThat(sink.samplesWritten()).isEqualTo(1120);
        assertThat(sink.lastSamples(Duration.ofMillis(40))).hasSize(320).startsWith((short) 6).endsWith((short) 7);

        sink.clear();
        assertThat(sink.samples()).isEmpty();
    }

    @Test
    void a_wav_file_sink_writes_what_wav_read_reads_back() throws IOException {
        Path file = dir.resolve("out.wav");
        short[] tone = readFrames(new ToneSource(AudioFormat.WIDEBAND, 700, 9000), 10);
        try (WavFileSink sink = new WavFileSink(file, AudioFormat.WIDEBAND)) {
            for (int f = 0; f < 10; f++) {
                sink.write(java.util.Arrays.copyOfRange(tone, f * 320, (f + 1) * 320));
            }
        }

        Wav.Pcm pcm = Wav.read(file);
        new WavFileSink(dir.resolve("empty.wav"), AudioFormat.WIDEBAND).close(); // closing twice is harmless

        assertThat(pcm.sampleRate()).isEqualTo(16000);
        assertThat(pcm.samples()).isEqualTo(tone);
    }

    @Test
    void a_wav_file_source_resamples_8k_to_16k_and_keeps_the_tone_frequency() throws IOException {
        Path file = dir.resolve("tone8k.wav");
        Wav.write(file, AudioFormat.NARROWBAND, readFrames(new ToneSource(AudioFormat.NARROWBAND, 1000, 8000), 25));

        WavFileSource source = new WavFileSource(file, AudioFormat.WIDEBAND, false);
        short[] samples = readFrames(source, 25);

        assertThat(samples).hasSize(25 * 320);
        short[] steady = ToneAnalysis.slice(samples, 320, samples.length);
        assertThat(ToneAnalysis.dominantFrequency(steady, 16000)).isCloseTo(1000, within(5.0));
        assertThat(source.read(new short[320])).as("a non-looping file runs out").isFalse();
    }

    @Test
    void a_looping_wav_file_source_never_runs_out() throws IOException {
        Path file = dir.resolve("short.wav");
        Wav.write(file, AudioFormat.WIDEBAND, readFrames(new ToneSource(AudioFormat.WIDEBAND, 500, 8000), 2));

        WavFileSource source = new WavFileSource(file, AudioFormat.WIDEBAND, true);

        for (int i = 0; i < 5; i++) {
            assertThat(source.read(new short[320])).isTrue();
        }
    }

    @Test
    void a_recording_sink_grows_with_what_is_written_and_keeps_the_last_stretch() {
        RecordingSink sink = new RecordingSink(AudioFormat.NARROWBAND, Duration.ofSeconds(2)); // 16,000 samples
        assertThat(sink.samples()).isEmpty();
        short[] frame = new short[160];
        for (int n = 0; n < 250; n++) { // 40,000 samples: grows past its first size, then wraps
            java.util.Arrays.fill(frame, (short) n);
            sink.write(frame);
        }
        short[] kept = sink.samples();
        assertThat(kept).hasSize(16_000);
        assertThat(kept[0]).isEqualTo((short) 150);
        assertThat(kept[kept.length - 1]).isEqualTo((short) 249);
        assertThat(sink.samplesWritten()).isEqualTo(40_000);
    }
}
