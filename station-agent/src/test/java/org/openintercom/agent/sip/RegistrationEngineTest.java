package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openintercom.agent.sip.RegistrationStatus.State;
import org.openintercom.agent.tls.DemoPki;

/**
 * The JAIN-SIP engine's registration: over each transport with an in-process registrar ({@link TestRegistrar}),
 * with none configured, with one that cannot be reached, and that calls never wait for it. (Challenges, 403 and
 * 423 from a real peer: {@code StationRegistrarSippInteropTest}.)
 */
class RegistrationEngineTest {

    @TempDir
    Path dir;

    private CallEngine door;
    private CallEngine indoor;
    private final RecordingListener doorEvents = new RecordingListener();
    private final RecordingListener indoorEvents = new RecordingListener();

    private static CallEngine engine(String user, Registration registration) {
        return CallEngines.jainSip(SipEngineConfig.builder().user(user).bindAddress(InetAddress.getLoopbackAddress())
                .udpPort(0).tcpPort(0).registration(registration)
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
    }

    @AfterEach
    void close() {
        Stream.of(door, indoor).parallel().filter(Objects::nonNull).forEach(CallEngine::close);
    }

    @Test
    void reports_unregistered_when_no_registrar_is_configured() {
        door = engine("door", null);
        assertThat(door.registration()).isEqualTo(RegistrationStatus.NONE);

        door.start(doorEvents);

        assertThat(door.registration().state()).isEqualTo(State.UNREGISTERED);
        assertThat(door.registration().detail()).isEqualTo("no registrar configured");
    }

    @Test
    void an_unreachable_registrar_fails_with_the_reason_and_calls_still_connect() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        door = engine("door", Registration.of("sip:127.0.0.1:" + closedPort + ";transport=tcp", ""));
        indoor = engine("indoor", null);
        door.start(doorEvents);
        indoor.start(indoorEvents);

        RegistrationStatus registering = (RegistrationStatus) doorEvents.await("registration").detail();
        assertThat(registering.state()).isEqualTo(State.REGISTERING);
        assertThat(registering.detail()).contains("sip:door@127.0.0.1");
        RegistrationStatus failed = (RegistrationStatus) doorEvents.await("registration").detail();
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.detail()).containsIgnoringCase("transport");
        assertThat(door.registration()).isEqualTo(failed);

        String target = indoor.contacts().stream().filter(c -> c.endsWith("transport=udp")).findFirst()
                .orElseThrow();
        door.dial("c1", target);
        IncomingCall incoming = (IncomingCall) indoorEvents.await("incoming").detail();
        indoor.answer(incoming.callId());
        doorEvents.await("connected", Duration.ofSeconds(5));
        assertThat(door.registration().state()).as("still failing and retrying").isEqualTo(State.FAILED);
        assertThat(doorEvents.count("registration")).as("REGISTERING, then FAILED (again on each retry)")
                .isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void registers_over_the_registrar_uris_transport_and_unregisters_on_close(SipTransport transport)
            throws Exception {
        DemoPki pki = DemoPki.in(dir);
        try (TestRegistrar registrar = new TestRegistrar(transport, 60, pki)) {
            SipEngineConfig.Builder b = SipEngineConfig.builder().user("door")
                    .bindAddress(InetAddress.getLoopbackAddress()).udpPort(0).port(transport, 0)
                    .registration(Registration.of(registrar.uri(transport), ""))
                    .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker());
            if (transport == SipTransport.TLS) {
                b.tls(pki.tlsMaterial("door", false));
            }
            door = CallEngines.jainSip(b.build());
            door.start(doorEvents);

            TestRegistrar.Seen register = registrar.next();
            assertThat(register.viaTransport()).isEqualToIgnoringCase(transport.uriParameter());
            assertThat(register.contact()).isEqualTo(door.contacts().stream()
                    .filter(c -> c.endsWith("transport=" + transport.uriParameter())).findFirst().orElseThrow());
            assertThat(register.expires()).isEqualTo(600);
            RegistrationStatus registered = await().atMost(Duration.ofSeconds(10)).until(door::registration,
                    s -> s.state() == State.REGISTERED);
            assertThat(registered.detail()).contains("for 60 s");

            door.close();

            TestRegistrar.Seen unregister = registrar.next();
            assertThat(unregister.expires()).isZero();
            assertThat(unregister.callId()).isEqualTo(register.callId());
            assertThat(unregister.cseq()).isGreaterThan(register.cseq());
            assertThat(door.registration().detail()).startsWith("unregistered from");
            door = null;
        }
    }

    @Test
    void closing_a_never_registered_engine_does_not_wait_for_an_un_register() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        door = engine("door", Registration.of("sip:127.0.0.1:" + closedPort + ";transport=tcp", ""));
        door.start(doorEvents);
        assertThat(((RegistrationStatus) doorEvents.await("registration").detail()).state())
                .isEqualTo(State.REGISTERING);
        doorEvents.await("registration"); // FAILED

        door.close();

        RegistrationStatus last = door.registration();
        assertThat(last.state()).isEqualTo(State.UNREGISTERED);
        assertThat(last.detail()).startsWith("closed");
        door = null;
    }
}
