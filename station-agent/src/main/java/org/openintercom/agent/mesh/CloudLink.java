package org.openintercom.agent.mesh;

import java.util.List;
import java.util.Optional;
import org.openintercom.agent.calllog.CallRecord;

/**
 * What a station's mesh failover needs from its cloud connection: whether it is claimed and connected, the fallback
 * plan, the relay its {@code ring} buttons dial, and the outbox for the calls the relay did not see.
 */
public interface CloudLink {

    /** Whether the station is claimed (holds its operational certificate). */
    boolean claimed();

    /** Whether the device channel (MQTT) is connected now. */
    boolean channelUp();

    /** The stations (device ids) {@code button} rings over the mesh, in the plan's order; empty if none. */
    List<String> fallbackTargets(String button);

    /**
     * The name {@code callTarget} rings on the cloud's call relay (e.g. {@code flat-12} for
     * {@code sip:flat-12@relay.example.org:5061;transport=tls}); empty if it does not go through the relay.
     */
    Optional<String> relayName(String callTarget);

    /** Queues a finished mesh call for the cloud's call history (see {@code OfflineCallOutbox#add}). */
    void recordOfflineCall(CallRecord call, String target, List<String> targetsRung, Optional<String> answeredBy);
}
