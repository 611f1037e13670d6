package org.openintercom.simulator.bench;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.Stations;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.cloud.calls.sip.CallObserver;
import org.openintercom.cloud.calls.sip.InMemoryRoutingDirectory;
import org.openintercom.cloud.calls.sip.InMemorySipAccounts;
import org.openintercom.cloud.calls.sip.SipRelay;
import org.openintercom.cloud.calls.sip.SipRelayConfig;
import org.openintercom.hal.emulated.EmulatedStationHardware;

/**
 * Button press to ringing at every member of a parallel ring group: a real station agent (emulated hardware, SIP
 * over UDP) whose call button dials the group at the relay, {@link RingMembers} as the members. Each round times
 * the press until the last member received its INVITE; the station then cancels, and the next round starts when
 * the station, the members and the relay are idle.
 */
final class RingRounds {

    static final String GROUP = "residents";

    /** The figures of the rounds: latencies of the rounds that rang everyone, and how many did not. */
    record Result(int members, Latencies pressToAllRinging, int failed, String firstFailure) {
    }

    private final Path dir;
    private final int members;
    private final PrintStream out;

    RingRounds(Path dir, int members, PrintStream out) {
        this.dir = dir;
        this.members = members;
        this.out = out;
    }

    Result run(int rounds) throws InterruptedException {
        InMemoryRoutingDirectory directory = new InMemoryRoutingDirectory();
        try (SipRelay relay = SipRelay.start(SipRelayConfig.builder().tcpPort(null).trust("127.0.0.1/32").build(),
                new InMemorySipAccounts(), directory, new CallRouter(), CallObserver.NONE);
                RingMembers callees = RingMembers.startAndRegister(members, relay.port("udp").orElseThrow(),
                        Duration.ofSeconds(10))) {
            directory.put(RingGroup.of(GROUP, RingStrategy.PARALLEL, ZoneId.of("UTC"),
                    callees.users().stream().map(u -> GroupMember.of(u, 0)).toList()));
            StationConfig config = StationConfig.builder("frontdoor", "ID5").dataDir(dir.resolve("frontdoor"))
                    .sip(new SipSettings(InetAddress.getLoopbackAddress(), Optional.of(KamailioProxy.freeUdpPort()),
                            Optional.empty(), Optional.empty(), Optional.empty(), "OpenIntercom/bench"))
                    .button("call", ButtonAction.call("sip:" + GROUP + "@127.0.0.1:"
                            + relay.port("udp").orElseThrow())).build();
            EmulatedStationHardware hardware = Stations.emulatedHardware(config);
            try (StationAgent station = Stations.agent(config, hardware)) {
                station.start();
                return rounds(rounds, relay, callees, station, hardware);
            }
        }
    }

    private Result rounds(int rounds, SipRelay relay, RingMembers callees, StationAgent station,
            EmulatedStationHardware hardware) throws InterruptedException {
        Latencies latencies = new Latencies();
        int failed = 0;
        String firstFailure = null;
        for (int i = 0; i < rounds; i++) {
            callees.newRound();
            long t0 = System.nanoTime();
            hardware.emulatedButton("call").press();
            long last = callees.awaitAllRung(Duration.ofSeconds(5));
            if (last < 0) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = "round " + (i + 1) + ": " + callees.rung() + "/" + members + " rang within 5 s";
                }
            } else {
                latencies.record((last - t0) / 1e6);
            }
            // CANCEL is only allowed once the call rings at the station (a provisional response came back)
            await(() -> station.currentCall().map(CallStatus::state).filter(s -> s != CallState.CALLING
                    && s != CallState.IDLE).isPresent(), 5);
            station.hangup();
            boolean idle = await(() -> !hardware.emulatedButton("call").isPressed()
                    && station.currentCall().isEmpty() && callees.idle() && relay.callsInProgress() == 0, 10);
            if (!idle) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = "round " + (i + 1) + ": not idle 10 s after the hang-up (station call "
                            + station.currentCall().map(CallStatus::state).orElse(null) + ", members idle "
                            + callees.idle() + ", relay calls in progress " + relay.callsInProgress() + ")";
                }
            }
            if ((i + 1) % 50 == 0) {
                out.printf(Locale.ROOT, "  %d rounds, %s%n", i + 1, latencies.summary());
            }
        }
        return new Result(members, latencies, failed, firstFailure);
    }

    private static boolean await(java.util.function.BooleanSupplier condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
