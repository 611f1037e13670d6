package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.model.Codec;

/** How outgoing calls end when they cannot be set up: codec mismatch, nobody listening, a bad target URI. */
class CallOutcomeTest {

    private final List<CallEngine> engines = new ArrayList<>();

    private CallEngine engine(String user, List<Codec> codecs, CallEngineListener events) {
        return engine(user, codecs, events, InetAddress.getLoopbackAddress());
    }

    private CallEngine engine(String user, List<Codec> codecs, CallEngineListener events, InetAddress address) {
        CallEngine engine = CallEngines.jainSip(SipEngineConfig.builder().user(user)
                .bindAddress(address).udpPort(0).tcpPort(0).codecs(codecs)
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
        engine.start(events);
        engines.add(engine);
        return engine;
    }

    @AfterEach
    void close() {
        engines.parallelStream().forEach(CallEngine::close);
    }

    @Test
    void calling_a_station_without_a_common_codec_ends_as_media_refused() {
        RecordingListener callerEvents = new RecordingListener();
        RecordingListener calleeEvents = new RecordingListener();
        CallEngine caller = engine("door", List.of(Codec.OPUS), callerEvents);
        CallEngine callee = engine("legacy", List.of(Codec.G711), calleeEvents);

        caller.dial("c1", callee.contacts().get(0));

        CallEnd end = (CallEnd) callerEvents.await("ended").detail();
        assertThat(end.cause()).isEqualTo(EndCause.MEDIA_REFUSED);
        assertThat(end.sipStatus()).isEqualTo(488);
        assertThat(calleeEvents.count("incoming")).isZero();
    }

    @Test
    void calling_a_closed_tcp_port_ends_as_unreachable() throws Exception {
        RecordingListener events = new RecordingListener();
        CallEngine caller = engine("door", List.of(Codec.G711), events);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        caller.dial("c2", "sip:nobody@127.0.0.1:" + closedPort + ";transport=tcp");

        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.UNREACHABLE);
    }

    @Test
    void a_bad_target_uri_ends_the_call_at_once_as_failed() {
        RecordingListener events = new RecordingListener();
        CallEngine caller = engine("door", List.of(Codec.G711), events);

        caller.dial("c3", "tel:+4930123456");
        caller.dial("c4", "sip:someone@127.0.0.1:5060;transport=tls");

        RecordingListener.Event first = events.await("ended");
        RecordingListener.Event second = events.await("ended");
        assertThat(first.callId()).isEqualTo("c3");
        assertThat(((CallEnd) first.detail()).cause()).isEqualTo(EndCause.FAILED);
        assertThat(((CallEnd) second.detail()).detail()).contains("TLS is not enabled");
    }

    @Test
    void stations_on_ipv6_loopback_call_each_other_over_udp_and_tcp() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        RecordingListener callerEvents = new RecordingListener();
        RecordingListener calleeEvents = new RecordingListener();
        CallEngine caller = engine("door", List.of(Codec.G711), callerEvents, v6);
        CallEngine callee = engine("indoor", List.of(Codec.G711), calleeEvents, v6);
        int udp = callee.port(SipTransport.UDP).orElseThrow();
        assertThat(callee.contacts()).contains("sip:indoor@[0:0:0:0:0:0:0:1]:" + udp + ";transport=udp");

        for (String contact : callee.contacts()) {
            caller.dial(contact, contact);
            String id = ((IncomingCall) calleeEvents.await("incoming").detail()).callId();
            callee.answer(id);
            NegotiatedMedia media = (NegotiatedMedia) callerEvents.await("connected").detail();
            assertThat(media.remoteRtp().getAddress()).isEqualTo(v6);
            caller.hangup(contact);
            assertThat(((CallEnd) calleeEvents.await("ended").detail()).cause()).isEqualTo(EndCause.REMOTE_HANGUP);
        }
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_call() {
        RecordingListener callerEvents = new RecordingListener();
        RecordingListener calleeEvents = new RecordingListener();
        CallEngine caller = engine("door", List.of(Codec.G711), callerEvents);
        CallEngine callee = engine("indoor", List.of(Codec.G711), throwing(calleeEvents));

        caller.dial("c6", callee.contacts().get(0));
        callee.answer(((IncomingCall) calleeEvents.await("incoming").detail()).callId());
        callerEvents.await("connected");
        caller.hangup("c6");

        assertThat(((CallEnd) calleeEvents.await("ended").detail()).cause()).isEqualTo(EndCause.REMOTE_HANGUP);
    }

    /** A listener that records each event and then throws. */
    private static CallEngineListener throwing(RecordingListener events) {
        return (CallEngineListener) java.lang.reflect.Proxy.newProxyInstance(CallEngineListener.class.getClassLoader(),
                new Class<?>[] {CallEngineListener.class}, (proxy, method, args) -> {
                    method.invoke(events, args);
                    throw new IllegalStateException("listener bug in " + method.getName());
                });
    }

    @Test
    void a_g722_station_and_a_full_band_station_talk_g722() {
        RecordingListener callerEvents = new RecordingListener();
        RecordingListener calleeEvents = new RecordingListener();
        CallEngine caller = engine("door", List.of(Codec.OPUS, Codec.G722, Codec.G711), callerEvents);
        CallEngine callee = engine("indoor", List.of(Codec.G722, Codec.G711), calleeEvents);

        caller.dial("c5", callee.contacts().get(1));
        callee.answer(((IncomingCall) calleeEvents.await("incoming").detail()).callId());

        NegotiatedMedia media = (NegotiatedMedia) callerEvents.await("connected").detail();
        assertThat(media.codec()).isEqualTo("G722");
        assertThat(media.payloadType()).isEqualTo(9);
        assertThat(media.clockRate()).isEqualTo(8000);
    }
}
