package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.tls.DemoPki;

/** TLS between two engines: mutual authentication when required, and no call to a peer we do not trust. */
class TlsTest {

    @TempDir
    Path dir;

    private final List<CallEngine> engines = new ArrayList<>();

    private CallEngine engine(String user, TlsMaterial tls, RecordingListener events) {
        CallEngine engine = CallEngines.jainSip(SipEngineConfig.builder().user(user)
                .bindAddress(InetAddress.getLoopbackAddress()).tlsPort(0).tls(tls)
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
    void stations_that_require_client_certificates_still_call_each_other() throws Exception {
        DemoPki pki = DemoPki.in(dir);
        RecordingListener callerEvents = new RecordingListener();
        RecordingListener calleeEvents = new RecordingListener();
        CallEngine caller = engine("door", pki.tlsMaterial("door", true), callerEvents);
        CallEngine callee = engine("indoor", pki.tlsMaterial("indoor", true), calleeEvents);

        caller.dial("c1", callee.contacts().get(0));
        callee.answer(((IncomingCall) calleeEvents.await("incoming").detail()).callId());

        assertThat(((NegotiatedMedia) callerEvents.await("connected").detail()).srtp()).isTrue();
    }

    @Test
    void a_callee_whose_certificate_we_do_not_trust_is_unreachable() throws Exception {
        Path otherDir = Files.createDirectory(dir.resolve("other"));
        RecordingListener callerEvents = new RecordingListener();
        RecordingListener calleeEvents = new RecordingListener();
        CallEngine caller = engine("door", DemoPki.in(dir).tlsMaterial("door", false), callerEvents);
        CallEngine callee = engine("indoor", DemoPki.in(otherDir).tlsMaterial("indoor", false), calleeEvents);

        caller.dial("c2", callee.contacts().get(0));

        assertThat(((CallEnd) callerEvents.await("ended").detail()).cause()).isEqualTo(EndCause.UNREACHABLE);
        assertThat(calleeEvents.count("incoming")).isZero();
    }
}
