package org.openintercom.agent.mesh;

import static org.openintercom.agent.mesh.MeshCallScript.step;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.openintercom.agent.cloud.OfflineCallOutbox;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.agent.sip.SipTransport;

/**
 * Run by {@link MeshEngineCallTest} inside a network namespace: a door station and an indoor station, each on one end
 * of a veth pair with its main engine bound to the IPv4 address there and its mesh engine to its IPv6 link-local
 * address, find each other over mDNS; in MESH mode the door's button rings the indoor station over SIP/TLS at its
 * link-local address, the indoor station answers, sends the door code and hangs up. Prints {@code STEP <name> <value>}
 * lines (its protocol, hence stdout); exits 0 when every step happened, 3 at the first that did not.
 *
 * <p>Arguments: the door's and the indoor station's interface names.
 */
public final class MeshEngineCallMain {

    static final String DOOR_IPV4 = "10.203.0.1";
    static final String INDOOR_IPV4 = "10.203.0.2";
    private static final PrintStream OUT = System.out;

    private MeshEngineCallMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mesh-netns-engine");
        TestPki pki = TestPki.create(dir.resolve("ca"));
        MeshSettings base = MeshSettings.builder().probeInterval(Duration.ofMillis(500))
                .probeTimeout(Duration.ofSeconds(1)).build();
        FakeCloudLink doorCloud = new FakeCloudLink(dir.resolve("door-outbox.jsonl"));
        ClaimedStation indoor = station(pki, dir, "indoor", "IM6", 1000, args[1], INDOOR_IPV4, base,
                new FakeCloudLink(dir.resolve("indoor-outbox.jsonl")), b -> b
                        .button("answer", ButtonAction.of(ButtonAction.Kind.ANSWER))
                        .button("door-key", ButtonAction.sendDtmf("4711")));
        ClaimedStation door = station(pki, dir, "door", "ID5", 440, args[0], DOOR_IPV4, base, doorCloud, b -> b
                .door(TestStations.door("4711")).button("call", ButtonAction.call(MeshCallTest.RING_FLAT_12)));
        OfflineCallOutbox outbox = doorCloud.useOutbox(door.deviceId());
        doorCloud.plan("call", indoor.deviceId());

        step("mesh-engines", Duration.ofSeconds(10), () -> !door.station().agent().meshContacts().isEmpty()
                && !indoor.station().agent().meshContacts().isEmpty());
        OUT.println("STEP main-engines-routable " + List.of(door, indoor).stream().allMatch(s -> s.station().agent()
                .contacts().stream().allMatch(c -> c.contains("@10.203.0."))));
        OUT.println("STEP mesh-engines-link-local " + List.of(door, indoor).stream().allMatch(s -> s.station().agent()
                .meshContacts().stream().allMatch(c -> c.contains("@[fe80:") && c.endsWith(";transport=tls"))));
        OUT.println("STEP contacts door=" + door.station().agent().contacts() + " mesh="
                + door.station().agent().meshContacts());
        step("discovered", Duration.ofSeconds(30), () -> door.station().agent().meshPeers().usable()
                .containsKey(indoor.deviceId()));
        MeshPeer peer = door.station().agent().meshPeers().get(indoor.deviceId()).orElseThrow();
        OUT.println("STEP peer " + peer.address());
        int indoorMain = indoor.station().agent().engine().port(SipTransport.TLS).orElseThrow();
        OUT.println("STEP peer-port-is-mesh-engine " + (peer.address().getPort() != indoorMain && indoor.station()
                .agent().meshContacts().get(0).contains("]:" + peer.address().getPort() + ";")));
        MeshCallScript.callTalkOpenAndRecord(door, indoor, outbox);
    }

    private static ClaimedStation station(TestPki pki, Path dir, String id, String model, int toneHz, String iface,
            String ipv4, MeshSettings base, FakeCloudLink cloud, UnaryOperator<StationConfig.Builder> more)
            throws Exception {
        MeshLinkLocalMain.linkLocal(iface); // waits until the interface has it: the mesh engine binds it
        SipSettings sip = new SipSettings(InetAddress.getByName(ipv4), Optional.of(0), Optional.empty(),
                Optional.empty(), Optional.empty(), "OpenIntercom/test");
        return ClaimedStation.start(pki, List.of(pki.root()), dir, id, model, toneHz,
                base.extend().interfaces(List.of(iface)).build(), cloud, b -> more.apply(b.sip(sip)));
    }
}
