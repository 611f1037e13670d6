package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.tls.DemoPki;

/** Two engines on 127.0.0.1 call each other over each transport. */
class CallFlowTest {

    @TempDir
    Path pkiDir;

    private DemoPki pki;
    private Station door;
    private Station indoor;

    /** One engine with its media double and listener. */
    record Station(CallEngine engine, RecordingMediaFactory media, RecordingListener events) {
        String contact(SipTransport t) {
            return engine.contacts().stream().filter(c -> c.endsWith("transport=" + t.uriParameter())).findFirst()
                    .orElseThrow();
        }
    }

    private Station station(String user, SipTransport transport) throws Exception {
        RecordingMediaFactory media = new RecordingMediaFactory();
        SipEngineConfig.Builder b = SipEngineConfig.builder().user(user).displayName(user + " station")
                .bindAddress(InetAddress.getLoopbackAddress()).port(transport, 0)
                .media(media, SilentAudio.microphone(), SilentAudio.speaker());
        if (transport == SipTransport.TLS) {
            if (pki == null) {
                pki = DemoPki.in(pkiDir);
            }
            b.tls(pki.tlsMaterial(user, false));
        }
        CallEngine engine = CallEngines.jainSip(b.build());
        RecordingListener events = new RecordingListener();
        engine.start(events);
        return new Station(engine, media, events);
    }

    private void givenStations(SipTransport transport) throws Exception {
        door = station("door", transport);
        indoor = station("indoor", transport);
    }

    @AfterEach
    void closeStations() {
        // in parallel: stopping a JAIN-SIP stack takes a second
        java.util.stream.Stream.of(door, indoor).parallel().filter(java.util.Objects::nonNull)
                .forEach(s -> s.engine().close());
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void door_calls_indoor_which_answers_then_dtmf_flows_and_door_hangs_up(SipTransport transport) throws Exception {
        givenStations(transport);

        door.engine().dial("c1", indoor.contact(transport));
        IncomingCall incoming = (IncomingCall) indoor.events().await("incoming").detail();
        assertThat(incoming.from()).contains("door@");
        assertThat(incoming.fromDisplayName()).isEqualTo("door station");
        assertThat(incoming.transport()).isEqualTo(transport);
        assertThat(door.events().await("progress").detail()).isEqualTo(ProgressKind.RINGING);

        indoor.engine().answer(incoming.callId());
        NegotiatedMedia doorMedia = (NegotiatedMedia) door.events().await("connected").detail();
        NegotiatedMedia indoorMedia = (NegotiatedMedia) indoor.events().await("connected").detail();
        assertThat(doorMedia.codec()).isEqualTo("opus");
        assertThat(doorMedia.payloadType()).isEqualTo(111);
        assertThat(doorMedia.srtp()).isEqualTo(transport.secure());
        assertThat(doorMedia.remoteRtp().getPort()).isEqualTo(indoorMedia.localRtpPort());
        assertThat(indoorMedia.remoteRtp().getPort()).isEqualTo(doorMedia.localRtpPort());

        door.engine().sendDtmf("c1", '5', DtmfMode.SIP_INFO);
        assertThat(indoor.events().await("dtmf").detail()).isEqualTo("5/SIP_INFO");
        indoor.engine().sendDtmf(incoming.callId(), '#', DtmfMode.RFC4733);
        awaitUntil(() -> !indoor.media().last().dtmfSent.isEmpty());
        assertThat(indoor.media().last().dtmfSent).containsExactly('#');
        door.media().last().receiveDtmf('7');
        assertThat(door.events().await("dtmf").detail()).isEqualTo("7/RFC4733");

        door.engine().hangup("c1");
        assertThat(((CallEnd) door.events().await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
        assertThat(((CallEnd) indoor.events().await("ended").detail()).cause()).isEqualTo(EndCause.REMOTE_HANGUP);
        awaitUntil(() -> door.media().last().closed && indoor.media().last().closed);
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void busy_callee_ends_the_call_as_busy(SipTransport transport) throws Exception {
        givenStations(transport);

        door.engine().dial("c2", indoor.contact(transport));
        IncomingCall incoming = (IncomingCall) indoor.events().await("incoming").detail();
        indoor.engine().reject(incoming.callId(), true);

        CallEnd end = (CallEnd) door.events().await("ended").detail();
        assertThat(end.cause()).isEqualTo(EndCause.BUSY);
        assertThat(end.sipStatus()).isEqualTo(486);
        assertThat(((CallEnd) indoor.events().await("ended").detail()).sipStatus()).isEqualTo(486);
    }

    @ParameterizedTest
    @EnumSource(value = SipTransport.class, names = {"UDP", "TCP"})
    void declining_callee_ends_the_call_as_rejected(SipTransport transport) throws Exception {
        givenStations(transport);

        door.engine().dial("c3", indoor.contact(transport));
        IncomingCall incoming = (IncomingCall) indoor.events().await("incoming").detail();
        indoor.engine().reject(incoming.callId(), false);

        CallEnd end = (CallEnd) door.events().await("ended").detail();
        assertThat(end.cause()).isEqualTo(EndCause.REJECTED);
        assertThat(end.sipStatus()).isEqualTo(603);
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void caller_cancelling_while_ringing_ends_both_sides(SipTransport transport) throws Exception {
        givenStations(transport);

        door.engine().dial("c4", indoor.contact(transport));
        indoor.events().await("incoming");
        door.events().await("progress");
        door.engine().hangup("c4");

        assertThat(((CallEnd) door.events().await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
        CallEnd callee = (CallEnd) indoor.events().await("ended").detail();
        assertThat(callee.cause()).isEqualTo(EndCause.REMOTE_CANCEL);
        assertThat(callee.sipStatus()).isEqualTo(487);
        awaitUntil(() -> indoor.media().last().closed && door.media().last().closed);
        assertThat(door.events().count("ended")).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void tls_calls_negotiate_srtp_with_crossed_keys() throws Exception {
        givenStations(SipTransport.TLS);

        door.engine().dial("c5", indoor.contact(SipTransport.TLS));
        IncomingCall incoming = (IncomingCall) indoor.events().await("incoming").detail();
        indoor.engine().answer(incoming.callId());
        door.events().await("connected");
        indoor.events().await("connected");

        awaitUntil(() -> !door.media().last().started.isEmpty() && !indoor.media().last().started.isEmpty());
        MediaParameters caller = door.media().last().started.get(0);
        MediaParameters callee = indoor.media().last().started.get(0);
        var callerKeys = caller.srtp().orElseThrow();
        var calleeKeys = callee.srtp().orElseThrow();
        assertThat(callerKeys.localKeyAndSalt()).hasSize(30).isEqualTo(calleeKeys.remoteKeyAndSalt());
        assertThat(callerKeys.remoteKeyAndSalt()).hasSize(30).isEqualTo(calleeKeys.localKeyAndSalt());
        assertThat(callerKeys.localKeyAndSalt()).isNotEqualTo(callerKeys.remoteKeyAndSalt());
    }

    @org.junit.jupiter.api.Test
    void contacts_and_ports_report_the_real_bound_ports() throws Exception {
        givenStations(SipTransport.UDP);

        int port = door.engine().port(SipTransport.UDP).orElseThrow();
        assertThat(port).isPositive();
        assertThat(door.engine().contacts()).containsExactly("sip:door@127.0.0.1:" + port + ";transport=udp");
        assertThat(door.engine().port(SipTransport.TCP)).isEmpty();

        door.engine().close();
        try (var socket = new java.net.DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).as("close() released the SIP port").isEqualTo(port);
        }
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
