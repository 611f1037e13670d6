package org.openintercom.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.Stations;
import org.openintercom.agent.config.AudioSettings;
import org.openintercom.agent.config.CallSettings;
import org.openintercom.agent.config.DoorSettings;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.tls.DemoPki;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneAnalysis;
import org.openintercom.hal.emulated.EmulatedStationHardware;
import org.openintercom.hal.io.RelayMode;

/**
 * Test helpers that build real station agents (JAIN-SIP engine, RTP media, emulated hardware) on loopback for the
 * interop tests: {@code given...} builders, free ports, and checks on what a station heard.
 */
public final class TestStations {

    private TestStations() {
    }

    /** A station under test with its emulated hardware and every event it published. */
    public record Running(StationAgent agent, EmulatedStationHardware hardware, List<StationEvent> events)
            implements AutoCloseable {

        public boolean saw(StationEvent.Type type, String detailPrefix) {
            return events.stream().anyMatch(e -> e.type() == type && e.detail().startsWith(detailPrefix));
        }

        /** Dominant frequency of the last 500 ms the station's speaker played. */
        public double heardHz() {
            RecordingSink sink = (RecordingSink) hardware.speaker();
            return ToneAnalysis.dominantFrequency(sink.lastSamples(Duration.ofMillis(500)), sink.format().sampleRate());
        }

        public double heardRms() {
            RecordingSink sink = (RecordingSink) hardware.speaker();
            return ToneAnalysis.rms(sink.lastSamples(Duration.ofMillis(500)));
        }

        @Override
        public void close() {
            agent.close();
        }
    }

    public static int freePort() {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = tcp.getLocalPort();
                // baresip also opens port+1 for TLS: keep both free
                try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                        ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port pair on loopback");
    }

    public static SipSettings udp(int port) {
        return new SipSettings(InetAddress.getLoopbackAddress(), Optional.of(port), Optional.empty(),
                Optional.empty(), Optional.empty(), "OpenIntercom/test");
    }

    public static SipSettings udpAndTls(int udpPort, int tlsPort, DemoPki pki, String id, boolean requireClientCert) {
        return new SipSettings(InetAddress.getLoopbackAddress(), Optional.of(udpPort), Optional.empty(),
                Optional.of(tlsPort), Optional.of(new SipSettings.TlsSettings(pki.station(id), DemoPki.PASSWORD,
                        pki.trustStore(), DemoPki.PASSWORD, requireClientCert)), "OpenIntercom/test");
    }

    public static CallSettings calls(boolean autoAnswer) {
        return new CallSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30), '*',
                autoAnswer, Duration.ZERO, DtmfMode.RFC4733, Duration.ofSeconds(30));
    }

    public static DoorSettings door(String code) {
        return new DoorSettings("door", RelayMode.PULSE, Duration.ofMillis(300), Optional.of(code),
                Duration.ofSeconds(60));
    }

    public static AudioSettings tone(int hz) {
        return new AudioSettings("tone:" + hz, "record");
    }

    /** Starts an agent for {@code config} over emulated hardware, recording its events. */
    public static Running start(StationConfig config) {
        EmulatedStationHardware hardware = Stations.emulatedHardware(config);
        StationAgent agent = Stations.agent(config, hardware);
        List<StationEvent> events = new CopyOnWriteArrayList<>();
        agent.addListener(events::add);
        agent.start();
        return new Running(agent, hardware, events);
    }

    public static StationConfig.Builder given(String id, String model, Path dir) {
        return StationConfig.builder(id, model).dataDir(dir.resolve(id.toLowerCase(Locale.ROOT)));
    }
}
