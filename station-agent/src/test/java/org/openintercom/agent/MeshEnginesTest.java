package org.openintercom.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.mesh.MeshEndpoint;
import org.openintercom.agent.mesh.MeshInterface;
import org.openintercom.agent.mesh.MeshSettings;
import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.IncomingCall;
import org.openintercom.agent.sip.NegotiatedMedia;
import org.openintercom.agent.sip.ProgressKind;
import org.openintercom.agent.sip.RoutingCallEngine;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.testing.RecordingCallEngine;
import org.openintercom.agent.testing.ScriptedCallEngine;
import org.openintercom.provisioning.claim.DeviceId;

/** The mesh engine follows the station's identity: started, replaced keeping its port, stopped. */
class MeshEnginesTest {

    private static final MeshSettings ON_LOOPBACK = MeshSettings.builder().interfaces(List.of("lo")).build();

    @TempDir
    static Path dir;
    static TestIdentities identities;

    /** What the factory was asked for, and the engines it made (each listening on the port it was given, or 41000). */
    private final List<String> made = new ArrayList<>();
    private final List<RecordingCallEngine> engines = new ArrayList<>();
    private final RoutingCallEngine routing = new RoutingCallEngine(new ScriptedCallEngine());
    private final MeshEngines mesh = new MeshEngines("door", routing, (identity, on, port) -> {
        made.add(identity.user() + " " + on.name() + " " + on.address().getHostAddress() + " " + port);
        RecordingCallEngine engine = new RecordingCallEngine("mesh", port == 0 ? 41000 : port);
        engines.add(engine);
        return engine;
    });

    @BeforeAll
    static void givenACloudCa() {
        identities = new TestIdentities(dir.resolve("ca"));
    }

    private static Optional<SipIdentity> givenIdentity(DeviceId id) {
        return identities.of(id);
    }

    private MeshEnginesTest givenStarted() {
        routing.start(new CallEngineListener() {
            @Override
            public void onIncoming(IncomingCall call) {
            }

            @Override
            public void onProgress(String callId, ProgressKind kind) {
            }

            @Override
            public void onConnected(String callId, NegotiatedMedia media) {
            }

            @Override
            public void onDtmf(String callId, char digit, DtmfMode via) {
            }

            @Override
            public void onEnded(String callId, CallEnd end) {
            }
        });
        return this;
    }

    @Test
    void runs_on_the_mesh_interface_while_the_station_holds_its_identity() {
        givenStarted();
        Optional<SipIdentity> identity = givenIdentity(DeviceId.random());

        Optional<MeshEndpoint> endpoint = mesh.follow(identity, Optional.of(ON_LOOPBACK));

        assertThat(made).containsExactly(identity.get().user() + " lo 127.0.0.1 0");
        assertThat(endpoint).contains(new MeshEndpoint(new MeshInterface("lo", InetAddress.getLoopbackAddress()),
                41000));
        assertThat(routing.mesh()).containsSame(engines.get(0));
        assertThat(engines.get(0).started()).isTrue();
    }

    @Test
    void a_renewed_identity_gets_a_new_engine_on_the_same_port() {
        givenStarted();
        DeviceId id = DeviceId.random();
        mesh.follow(givenIdentity(id), Optional.of(ON_LOOPBACK));

        Optional<MeshEndpoint> renewed = mesh.follow(givenIdentity(id), Optional.of(ON_LOOPBACK));

        assertThat(made).containsExactly(id.value() + " lo 127.0.0.1 0", id.value() + " lo 127.0.0.1 41000");
        assertThat(engines.get(0).commands).containsExactly("start", "close");
        assertThat(routing.mesh()).containsSame(engines.get(1));
        assertThat(renewed.map(MeshEndpoint::sipTlsPort)).contains(41000);
    }

    @Test
    void the_configured_mesh_sip_port_is_used() {
        givenStarted();
        Optional<MeshEndpoint> endpoint = mesh.follow(givenIdentity(DeviceId.random()),
                Optional.of(ON_LOOPBACK.extend().sipPort(5071).build()));

        assertThat(made).singleElement().asString().endsWith(" 5071");
        assertThat(endpoint.map(MeshEndpoint::sipTlsPort)).contains(5071);
    }

    @Test
    void it_stops_when_the_identity_goes_or_the_station_runs_no_mesh() {
        givenStarted();
        Optional<SipIdentity> identity = givenIdentity(DeviceId.random());
        mesh.follow(identity, Optional.of(ON_LOOPBACK));

        assertThat(mesh.follow(Optional.empty(), Optional.of(ON_LOOPBACK))).isEmpty();
        assertThat(engines.get(0).commands).containsExactly("start", "close");
        assertThat(routing.mesh()).isEmpty();

        assertThat(mesh.follow(identity, Optional.empty())).isEmpty();
        assertThat(made).hasSize(1);
    }

    @Test
    void without_a_usable_mesh_interface_no_mesh_engine_runs() {
        givenStarted();
        Optional<MeshEndpoint> endpoint = mesh.follow(givenIdentity(DeviceId.random()),
                Optional.of(ON_LOOPBACK.extend().interfaces(List.of("oi-missing0")).build()));

        assertThat(endpoint).isEmpty();
        assertThat(made).isEmpty();
        assertThat(routing.mesh()).isEmpty();
    }

    @Test
    void an_engine_that_cannot_start_leaves_no_mesh_engine() {
        givenStarted();
        MeshEngines failing = new MeshEngines("door", routing, (identity, on, port) -> {
            throw new IllegalStateException("cannot start SIP on 127.0.0.1 with ports TLS=" + port);
        });

        assertThat(failing.follow(givenIdentity(DeviceId.random()), Optional.of(ON_LOOPBACK))).isEmpty();
        assertThat(routing.mesh()).isEmpty();
    }
}
