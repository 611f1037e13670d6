package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openintercom.agent.media.MediaConfig;
import org.openintercom.agent.media.RtpMediaFactory;
import org.openintercom.agent.tls.DemoPki;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneAnalysis;
import org.openintercom.hal.audio.ToneSource;

/**
 * End to end with the real RTP/SRTP media: two engines call each other, each microphone plays a different
 * tone, and each speaker must hear the other's tone; RFC 4733 DTMF crosses the media path.
 */
class RealMediaCallTest {

    @TempDir
    Path dir;

    private final List<CallEngine> engines = new ArrayList<>();

    private CallEngine engine(String user, SipTransport transport, DemoPki pki, double toneHz, RecordingSink speaker,
            int rtpBase, CallEngineListener events) throws Exception {
        RtpMediaFactory media = new RtpMediaFactory(MediaConfig.builder().portRange(rtpBase, rtpBase + 200).build());
        SipEngineConfig.Builder b = SipEngineConfig.builder().user(user)
                .bindAddress(InetAddress.getLoopbackAddress()).port(transport, 0)
                .media(media, new ToneSource(AudioFormat.WIDEBAND, toneHz, 8000), speaker);
        if (transport == SipTransport.TLS) {
            b.tls(pki.tlsMaterial(user, false));
        }
        CallEngine engine = CallEngines.jainSip(b.build());
        engine.start(events);
        engines.add(engine);
        return engine;
    }

    @AfterEach
    void close() {
        engines.parallelStream().forEach(CallEngine::close);
    }

    @ParameterizedTest
    @EnumSource(value = SipTransport.class, names = {"UDP", "TLS"})
    void each_station_hears_the_others_microphone_and_dtmf_crosses_as_rtp_events(SipTransport transport)
            throws Exception {
        DemoPki pki = DemoPki.in(dir);
        RecordingSink doorSpeaker = new RecordingSink(AudioFormat.WIDEBAND, Duration.ofSeconds(2));
        RecordingSink indoorSpeaker = new RecordingSink(AudioFormat.WIDEBAND, Duration.ofSeconds(2));
        RecordingListener doorEvents = new RecordingListener();
        RecordingListener indoorEvents = new RecordingListener();
        CallEngine door = engine("door", transport, pki, 1000, doorSpeaker, 32000, doorEvents);
        CallEngine indoor = engine("indoor", transport, pki, 600, indoorSpeaker, 32400, indoorEvents);

        door.dial("c1", indoor.contacts().get(0));
        indoor.answer(((IncomingCall) indoorEvents.await("incoming").detail()).callId());
        NegotiatedMedia media = (NegotiatedMedia) doorEvents.await("connected").detail();
        indoorEvents.await("connected");
        assertThat(media.codec()).isEqualTo("opus");
        assertThat(media.srtp()).isEqualTo(transport.secure());
        Thread.sleep(1500);

        assertThat(ToneAnalysis.dominantFrequency(indoorSpeaker.lastSamples(Duration.ofMillis(500)), 16000))
                .as("indoor hears the door's 1000 Hz").isCloseTo(1000, within(30.0));
        assertThat(ToneAnalysis.dominantFrequency(doorSpeaker.lastSamples(Duration.ofMillis(500)), 16000))
                .as("door hears the indoor's 600 Hz").isCloseTo(600, within(30.0));
        assertThat(door.mediaStats("c1").orElseThrow().packetsReceived()).isPositive();

        door.sendDtmf("c1", '9', DtmfMode.RFC4733);
        assertThat(indoorEvents.await("dtmf").detail()).isEqualTo("9/RFC4733");

        door.hangup("c1");
        assertThat(((CallEnd) indoorEvents.await("ended").detail()).cause()).isEqualTo(EndCause.REMOTE_HANGUP);
    }
}
