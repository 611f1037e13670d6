package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A mesh call over IPv6 link-local: a door station and an indoor station on the two ends of a veth pair in a network
 * namespace of their own, each bound to its link-local address, discover each other and talk over SIP/TLS with SRTP;
 * the DTMF code opens the door and the call is queued for the cloud. Needs root and iproute2; the stations run in a
 * child JVM inside the namespace ({@link MeshLinkLocalCallMain}).
 */
@Tag("netns")
class MeshLinkLocalCallTest {

    @Test
    void the_door_rings_the_indoor_station_at_its_link_local_address_and_they_talk() throws Exception {
        try (VethNamespace ns = VethNamespace.create("lanD", "lanI")) {
            List<String> output = ns.java(MeshLinkLocalCallMain.class, "lanD", "lanI");
            List<String> steps = output.stream().filter(l -> l.startsWith("STEP ")).toList();
            steps.forEach(System.out::println);
            assertThat(steps).anyMatch(l -> l.matches("STEP peer /\\[fe80:[0-9a-f:]+%lanD\\]:\\d+"));
            assertThat(steps).anyMatch(l -> l.startsWith("STEP door-opened "));
            assertThat(steps).contains("STEP codec opus/SRTP");
            assertThat(steps).contains("STEP outbox 1 true flat-12 true true ANSWERED");
        }
    }
}
