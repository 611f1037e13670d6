package org.openintercom.agent.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneAnalysis;
import org.openintercom.hal.audio.ToneSource;

class LossyNetworkTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Forwards between two ports; from A to B drops every 10th packet and swaps every 7th with the next. */
    private static Thread relay(DatagramSocket socket, int portA, int portB) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket held = null;
            int n = 0;
            while (!socket.isClosed()) {
                try {
                    DatagramPacket in = new DatagramPacket(buf.clone(), buf.length);
                    socket.receive(in);
                    int to = in.getPort() == portA ? portB : portA;
                    DatagramPacket out = new DatagramPacket(in.getData(), in.getLength(),
                            new InetSocketAddress(LOOPBACK, to));
                    if (to == portA) {
                        socket.send(out);
                        continue;
                    }
                    n++;
                    if (n % 10 == 0) {
                        continue;
                    }
                    if (n % 7 == 0 && held == null) {
                        held = out;
                        continue;
                    }
                    socket.send(out);
                    if (held != null) {
                        socket.send(held);
                        held = null;
                    }
                } catch (SocketTimeoutException e) {
                    // loop
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "test-lossy-relay");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PCMA", "opus"})
    void a_tone_survives_ten_percent_loss_and_reordering_with_concealment(String name) throws Exception {
        RtpCodec codec = name.equals("opus") ? RtpCodec.OPUS : RtpCodec.PCMA;
        RtpMediaFactory factory = new RtpMediaFactory(MediaConfig.builder().portRange(32000, 33000).build());
        RecordingSink bobSpeaker = new RecordingSink(AudioFormat.WIDEBAND, Duration.ofSeconds(30));
        try (DatagramSocket relaySocket = new DatagramSocket(0, LOOPBACK);
                MediaSession alice = factory.open(new ToneSource(AudioFormat.WIDEBAND, 700, 8000),
                        new RecordingSink(AudioFormat.WIDEBAND, Duration.ofSeconds(30)));
                MediaSession bob = factory.open(new ToneSource(AudioFormat.WIDEBAND, 300, 8000), bobSpeaker)) {
            relaySocket.setSoTimeout(100);
            relay(relaySocket, alice.localPort(), bob.localPort());
            InetSocketAddress viaRelay = new InetSocketAddress(LOOPBACK, relaySocket.getLocalPort());
            alice.start(new MediaParameters(codec, 101, viaRelay, Optional.empty()), d -> { });
            bob.start(new MediaParameters(codec, 101, viaRelay, Optional.empty()), d -> { });

            Thread.sleep(1200);

            short[] heard = bobSpeaker.lastSamples(Duration.ofMillis(800));
            assertThat(ToneAnalysis.dominantFrequency(heard, 16000)).isCloseTo(700, within(20.0));
            assertThat(ToneAnalysis.toneToRestDb(heard, 16000, 700, 60)).isGreaterThan(5);
            assertThat(bob.stats().framesConcealed()).isGreaterThanOrEqualTo(3);
            assertThat(bob.stats().packetsLost()).isGreaterThanOrEqualTo(3);
        }
    }
}
