package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A mesh call through the mesh engine: a door station and an indoor station on the two ends of a veth pair in a
 * network namespace of their own, each with its main engine bound to a routable IPv4 address (where the relay would be
 * reached) and its mesh engine bound to its IPv6 link-local address. The door rings the indoor station at its
 * link-local address, they talk over SRTP, the DTMF code opens the door and the call is queued for the cloud. Needs
 * root and iproute2; the stations run in a child JVM inside the namespace ({@link MeshEngineCallMain}).
 */
@Tag("netns")
class MeshEngineCallTest {

    @Test
    void a_station_bound_to_a_routable_address_rings_its_peer_at_its_link_local_address_through_its_mesh_engine()
            throws Exception {
        try (VethNamespace ns = VethNamespace.create("lanD", "lanI")) {
            ns.address("lanD", MeshEngineCallMain.DOOR_IPV4 + "/24");
            ns.address("lanI", MeshEngineCallMain.INDOOR_IPV4 + "/24");
            List<String> output = ns.java(MeshEngineCallMain.class, "lanD", "lanI");
            List<String> steps = output.stream().filter(l -> l.startsWith("STEP ")).toList();
            steps.forEach(System.out::println);
            assertThat(steps).contains("STEP main-engines-routable true");
            assertThat(steps).contains("STEP mesh-engines-link-local true");
            assertThat(steps).anyMatch(l -> l.matches("STEP peer /\\[fe80:[0-9a-f:]+%lanD\\]:\\d+"));
            assertThat(steps).contains("STEP peer-port-is-mesh-engine true");
            assertThat(steps).anyMatch(l -> l.startsWith("STEP door-opened "));
            assertThat(steps).contains("STEP codec opus/SRTP");
            assertThat(steps).contains("STEP outbox 1 true flat-12 true true ANSWERED");
        }
    }
}
