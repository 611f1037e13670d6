package org.openintercom.agent.mesh;

import static org.openintercom.agent.mesh.MeshCallScript.step;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openintercom.agent.cloud.OfflineCallOutbox;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.interop.TestStations;

/**
 * Run by {@link MeshLinkLocalCallTest} inside a network namespace: a door station and an indoor station, each on one
 * end of a veth pair and bound to its IPv6 link-local address, find each other over mDNS; in MESH mode the door's
 * button rings the indoor station over SIP/TLS at its link-local address, the indoor station answers, sends the door
 * code and hangs up. Prints {@code STEP <name> <value>} lines (its protocol, hence stdout); exits 0 when every step
 * happened, 3 at the first that did not.
 *
 * <p>Arguments: the door's and the indoor station's interface names.
 */
public final class MeshLinkLocalCallMain {

    private static final PrintStream OUT = System.out;

    private MeshLinkLocalCallMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mesh-netns-call");
        TestPki pki = TestPki.create(dir.resolve("ca"));
        MeshSettings base = MeshSettings.builder().probeInterval(Duration.ofMillis(500))
                .probeTimeout(Duration.ofSeconds(1)).build();
        FakeCloudLink doorCloud = new FakeCloudLink(dir.resolve("door-outbox.jsonl"));
        ClaimedStation indoor = station(pki, dir, "indoor", "IM6", 1000, args[1], base,
                new FakeCloudLink(dir.resolve("indoor-outbox.jsonl")), b -> b
                        .button("answer", ButtonAction.of(ButtonAction.Kind.ANSWER))
                        .button("door-key", ButtonAction.sendDtmf("4711")));
        ClaimedStation door = station(pki, dir, "door", "ID5", 440, args[0], base, doorCloud, b -> b
                .door(TestStations.door("4711")).button("call", ButtonAction.call(MeshCallTest.RING_FLAT_12)));
        OfflineCallOutbox outbox = doorCloud.useOutbox(door.deviceId());
        doorCloud.plan("call", indoor.deviceId());

        step("discovered", Duration.ofSeconds(30), () -> door.station().agent().meshPeers().usable()
                .containsKey(indoor.deviceId()));
        OUT.println("STEP peer " + door.station().agent().meshPeers().get(indoor.deviceId()).orElseThrow().address());
        MeshCallScript.callTalkOpenAndRecord(door, indoor, outbox);
    }

    private static ClaimedStation station(TestPki pki, Path dir, String id, String model, int toneHz, String iface,
            MeshSettings base, FakeCloudLink cloud,
            java.util.function.UnaryOperator<org.openintercom.agent.config.StationConfig.Builder> more)
            throws Exception {
        InetAddress address = MeshLinkLocalMain.linkLocal(iface);
        SipSettings sip = new SipSettings(address, Optional.of(0), Optional.empty(), Optional.empty(),
                Optional.empty(), "OpenIntercom/test");
        return ClaimedStation.start(pki, List.of(pki.root()), dir, id, model, toneHz,
                base.extend().interfaces(List.of(iface)).build(), cloud, b -> more.apply(b.sip(sip)));
    }
}
