package org.openintercom.agent.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openintercom.agent.media.internal.RtpSession;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneAnalysis;
import org.openintercom.hal.audio.ToneSource;

class RtpMediaSessionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final RtpMediaFactory factory = new RtpMediaFactory(MediaConfig.builder().portRange(30000, 31000).build());
    private final RecordingSink aliceSpeaker = new RecordingSink(AudioFormat.WIDEBAND, Duration.ofSeconds(30));
    private final RecordingSink bobSpeaker = new RecordingSink(AudioFormat.FULLBAND, Duration.ofSeconds(30));
    private final MediaSession alice = factory.open(new ToneSource(AudioFormat.NARROWBAND, 440, 8000), aliceSpeaker);
    private final MediaSession bob = factory.open(new ToneSource(AudioFormat.WIDEBAND, 1000, 8000), bobSpeaker);
    private final List<Character> bobDigits = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeSessions() {
        alice.close();
        bob.close();
    }

    private static RtpCodec codec(String name) {
        return switch (name) {
            case "PCMU" -> RtpCodec.PCMU;
            case "PCMA" -> RtpCodec.PCMA;
            case "G722" -> RtpCodec.G722;
            default -> RtpCodec.OPUS;
        };
    }

    private void connect(RtpCodec codec, boolean srtp) {
        byte[] aliceKey = SrtpKeys.generateKeyAndSalt();
        byte[] bobKey = SrtpKeys.generateKeyAndSalt();
        alice.start(new MediaParameters(codec, 101, new InetSocketAddress(LOOPBACK, bob.localPort()),
                srtp ? Optional.of(SrtpKeys.aesCm128(aliceKey, bobKey)) : Optional.empty()), d -> { });
        bob.start(new MediaParameters(codec, 101, new InetSocketAddress(LOOPBACK, alice.localPort()),
                srtp ? Optional.of(SrtpKeys.aesCm128(bobKey, aliceKey)) : Optional.empty()), bobDigits::add);
    }

    @ParameterizedTest(name = "{0} with SRTP {1}")
    @CsvSource({"PCMU,false", "PCMA,false", "G722,false", "opus,false", "PCMU,true", "PCMA,true", "G722,true",
            "opus,true"})
    void each_side_hears_the_other_sides_tone(String codecName, boolean srtp) throws Exception {
        connect(codec(codecName), srtp);

        Thread.sleep(1000);

        short[] heardByAlice = aliceSpeaker.lastSamples(Duration.ofMillis(500));
        short[] heardByBob = bobSpeaker.lastSamples(Duration.ofMillis(500));
        assertThat(ToneAnalysis.dominantFrequency(heardByAlice, 16000))
                .as("alice %s dropped %d, bob %s", alice.stats(), ((RtpSession) alice).packetsDropped(), bob.stats())
                .isCloseTo(1000, within(20.0));
        assertThat(ToneAnalysis.dominantFrequency(heardByBob, 48000)).isCloseTo(440, within(20.0));
        assertThat(ToneAnalysis.rms(heardByAlice)).isGreaterThan(2000);
        assertThat(ToneAnalysis.rms(heardByBob)).isGreaterThan(2000);
        MediaStats stats = bob.stats();
        assertThat(stats.packetsReceived()).isGreaterThan(30);
        assertThat(stats.packetsSent()).isGreaterThan(30);
        assertThat(stats.srtp()).isEqualTo(srtp);
        assertThat(stats.codec()).isEqualTo(codec(codecName).rtpmap());
    }

    @ParameterizedTest(name = "over {0} with SRTP {1}")
    @CsvSource({"PCMU,false", "opus,true"})
    void dtmf_digits_arrive_once_each_in_order(String codecName, boolean srtp) throws Exception {
        connect(codec(codecName), srtp);

        for (char d : "1#5A".toCharArray()) {
            alice.sendDtmf(d);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (bobDigits.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);

        assertThat(bobDigits).containsExactly('1', '#', '5', 'A');
        assertThat(bob.stats().dtmfReceived()).isEqualTo(4);
    }

    @Test
    void garbage_and_unknown_payloads_are_dropped_and_counted_while_audio_keeps_flowing() throws Exception {
        connect(RtpCodec.PCMU, false);
        try (DatagramSocket attacker = new DatagramSocket()) {
            InetSocketAddress target = new InetSocketAddress(LOOPBACK, bob.localPort());
            byte[][] junk = {new byte[0], new byte[3], "not rtp at all, just text".getBytes(),
                new byte[] {(byte) 0x8F, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {(byte) 0x80, 99, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3}};
            for (byte[] j : junk) {
                attacker.send(new DatagramPacket(j, j.length, target));
            }
        }
        Thread.sleep(600);

        assertThat(((RtpSession) bob).packetsDropped()).isGreaterThanOrEqualTo(4);
        assertThat(ToneAnalysis.dominantFrequency(bobSpeaker.lastSamples(Duration.ofMillis(300)), 48000)).isCloseTo(440, within(20.0));
    }

    @Test
    void a_played_tone_is_sent_and_heard_locally() throws Exception {
        connect(RtpCodec.G722, false);
        alice.playTone(3000, Duration.ofSeconds(5));

        Thread.sleep(800);

        assertThat(ToneAnalysis.toneToRestDb(bobSpeaker.lastSamples(Duration.ofMillis(300)), 48000, 3000, 50)).isGreaterThan(-3);
        assertThat(ToneAnalysis.toneToRestDb(aliceSpeaker.lastSamples(Duration.ofMillis(300)), 16000, 3000, 50)).isGreaterThan(-3);
    }

    @Test
    void binds_successive_even_ports_and_names_the_range_when_exhausted() {
        RtpMediaFactory tiny = new RtpMediaFactory(MediaConfig.builder().portRange(31500, 31503).build());
        MediaSession one = tiny.open(new ToneSource(AudioFormat.NARROWBAND, 1, 8000), aliceSpeaker);
        MediaSession two = tiny.open(new ToneSource(AudioFormat.NARROWBAND, 1, 8000), aliceSpeaker);
        try {
            assertThat(List.of(one.localPort(), two.localPort())).containsExactlyInAnyOrder(31500, 31502);
            assertThatThrownBy(() -> tiny.open(new ToneSource(AudioFormat.NARROWBAND, 1, 8000), aliceSpeaker))
                    .hasMessageContaining("31500-31503");
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void close_stops_the_threads_and_releases_the_port() throws Exception {
        connect(RtpCodec.PCMA, false);
        int port = alice.localPort();
        Thread.sleep(100);

        alice.close();
        alice.close();

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("rtp-rx-" + port, "rtp-tick-" + port);
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
