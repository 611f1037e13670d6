package org.openintercom.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.mesh.CloudLink;
import org.openintercom.agent.mesh.MeshSettings;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.testing.RecordingCallEngine;
import org.openintercom.agent.testing.ScriptedCallEngine;
import org.openintercom.hal.emulated.EmulatedStationHardware;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A station's mesh engine follows its identity as the main engine does: started once the station holds its cloud
 * identity, replaced on a renewal only once no call is live (a mesh call included), stopped when unclaimed. Engines
 * are test doubles; discovery runs for real on loopback.
 */
class StationAgentMeshEngineTest {

    /** The mDNS port of the mesh tests (JmDNS reads it once per JVM). */
    private static final int MDNS_PORT = 15353;

    @TempDir
    static Path dir;
    static TestIdentities identities;

    private final List<RecordingCallEngine> meshEngines = new CopyOnWriteArrayList<>();
    private StationAgent agent;

    @BeforeAll
    static void givenACloudCa() {
        identities = new TestIdentities(dir.resolve("ca"));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private StationAgent givenClaimableStation() {
        StationConfig config = StationConfig.builder("hall", "IM6").dataDir(dir.resolve("hall"))
                .mesh(MeshSettings.builder().interfaces(List.of("lo")).mdnsPort(MDNS_PORT).build()).build();
        agent = StationAgent.builder(config).hardware(EmulatedStationHardware.builder(config.model()).build())
                .callEngine(new ScriptedCallEngine())
                .engineFactory((identity, current) -> new ScriptedCallEngine())
                .meshEngineFactory((identity, on, port) -> {
                    RecordingCallEngine engine = new RecordingCallEngine(identity.user(),
                            port == 0 ? 42000 + meshEngines.size() : port);
                    meshEngines.add(engine);
                    return engine;
                }).build().start();
        agent.attachCloud(new ClaimedCloud());
        return agent;
    }

    @Test
    void a_renewal_replaces_the_mesh_engine_only_once_the_mesh_call_has_ended_and_unclaiming_stops_it() {
        givenClaimableStation();
        DeviceId id = DeviceId.random();
        agent.useSipIdentity(identities.of(id));
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.meshContacts().isEmpty());
        RecordingCallEngine first = meshEngines.get(0);
        assertThat(agent.meshContacts()).containsExactly("sip:" + id.value() + "@127.0.0.1:42000;transport=tls");

        first.incoming("mesh-1"); // a peer calls in at the mesh engine
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.INCOMING)));
        agent.answerOrHangup();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.commands.contains("answer mesh-1"));

        Optional<SipIdentity> renewed = identities.of(id);
        agent.useSipIdentity(renewed);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> meshEngines.size() == 1);
        assertThat(first.commands).doesNotContain("close");

        first.ended("mesh-1", EndCause.REMOTE_HANGUP);
        await().atMost(Duration.ofSeconds(5)).until(() -> meshEngines.size() == 2 && meshEngines.get(1).started());
        assertThat(first.commands).contains("close");
        assertThat(agent.meshContacts()).as("the same port for the renewed engine")
                .containsExactly("sip:" + id.value() + "@127.0.0.1:42000;transport=tls");

        agent.useSipIdentity(Optional.empty());
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.meshContacts().isEmpty());
        assertThat(meshEngines.get(1).commands).endsWith("close");
    }

    @Test
    void without_a_cloud_attached_no_mesh_engine_runs() {
        StationConfig config = StationConfig.builder("kitchen", "IM6").dataDir(dir.resolve("kitchen"))
                .mesh(MeshSettings.builder().interfaces(List.of("lo")).mdnsPort(MDNS_PORT).build()).build();
        agent = StationAgent.builder(config).hardware(EmulatedStationHardware.builder(config.model()).build())
                .callEngine(new ScriptedCallEngine()).engineFactory((identity, current) -> new ScriptedCallEngine())
                .meshEngineFactory((identity, on, port) -> {
                    RecordingCallEngine engine = new RecordingCallEngine(identity.user(), 42100);
                    meshEngines.add(engine);
                    return engine;
                }).build().start();
        agent.useSipIdentity(identities.of(DeviceId.random()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.sipIdentityUser().isPresent());
        assertThat(meshEngines).isEmpty();
        assertThat(agent.meshContacts()).isEmpty();
    }

    /** A claimed station's cloud, up, without a fallback plan. */
    private static final class ClaimedCloud implements CloudLink {
        @Override
        public boolean claimed() {
            return true;
        }

        @Override
        public boolean channelUp() {
            return true;
        }

        @Override
        public List<String> fallbackTargets(String button) {
            return List.of();
        }

        @Override
        public Optional<String> relayName(String callTarget) {
            return Optional.empty();
        }

        @Override
        public void recordOfflineCall(CallRecord call, String target, List<String> targetsRung,
                Optional<String> answeredBy) {
        }
    }
}
