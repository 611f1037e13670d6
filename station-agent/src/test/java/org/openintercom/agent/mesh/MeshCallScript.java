package org.openintercom.agent.mesh;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.cloud.OfflineCallOutbox;
import org.openintercom.provisioning.channel.StationCallReport;

/**
 * The mesh call the netns test mains ({@link MeshLinkLocalCallMain}, {@link MeshEngineCallMain}) run once their
 * stations see each other: the door in MESH presses its button, the indoor station answers, both hear the other's
 * tone, the door key opens the door, the call ends and is in the door's outbox. Prints a {@code STEP} line per
 * step (the tests read them) and halts the JVM: 0 when done, 3 when a step does not happen in time.
 */
final class MeshCallScript {

    private static final PrintStream OUT = System.out;

    private MeshCallScript() {
    }

    static void callTalkOpenAndRecord(ClaimedStation door, ClaimedStation indoor, OfflineCallOutbox outbox)
            throws InterruptedException {
        door.station().agent().forceLinkMode(Optional.of(LinkMode.MESH));
        door.station().hardware().emulatedButton("call").press();
        step("ringing", Duration.ofSeconds(10), () -> indoor.callState().equals(Optional.of(CallState.INCOMING)));
        indoor.station().hardware().emulatedButton("answer").press();
        step("connected", Duration.ofSeconds(10), () -> door.callState().equals(Optional.of(CallState.CONNECTED)));
        step("audio", Duration.ofSeconds(10), () -> Math.abs(door.station().heardHz() - 1000) < 30
                && Math.abs(indoor.station().heardHz() - 440) < 30);
        OUT.println("STEP heard door=" + Math.round(door.station().heardHz()) + " indoor="
                + Math.round(indoor.station().heardHz()));
        String callId = door.station().agent().currentCall().orElseThrow().callId();
        indoor.station().hardware().emulatedButton("door-key").press();
        step("door-opened", Duration.ofSeconds(5), () -> door.station().hardware().emulatedRelay("door")
                .awaitPulses(1, Duration.ofMillis(100)));
        indoor.station().hardware().emulatedButton("answer").press();
        step("ended", Duration.ofSeconds(10), () -> door.callState().isEmpty());
        OUT.println("STEP codec " + door.station().agent().callLog().find(callId).orElseThrow().codec().orElse("-"));
        step("recorded", Duration.ofSeconds(5), () -> !outbox.pending().isEmpty());
        List<StationCallReport> pending = outbox.pending();
        StationCallReport report = pending.get(0);
        OUT.println("STEP outbox " + pending.size() + " " + report.callId().equals(callId) + " " + report.target() + " "
                + report.targetsRung().equals(List.of(indoor.deviceId())) + " "
                + report.answeredBy().equals(Optional.of(indoor.deviceId())) + " " + report.outcome());
        OUT.flush();
        Runtime.getRuntime().halt(0); // the namespace goes away with us: no goodbyes needed
    }

    /** Waits until {@code done}, prints the step and how long it took; exits 3 if it does not happen in time. */
    static void step(String name, Duration within, BooleanSupplier done) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                OUT.println("FAILED " + name + " (not within " + within.toSeconds() + " s)");
                OUT.flush();
                Runtime.getRuntime().halt(3);
            }
            Thread.sleep(50);
        }
        OUT.println("STEP " + name + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
