package org.openintercom.agent.door;

import java.time.Duration;
import java.util.Optional;
import org.openintercom.agent.calllog.CallLog;
import org.openintercom.agent.event.EventPublisher;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.hal.io.DoorRelay;
import org.openintercom.hal.io.RelayMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the door: drives the door relay in its mode (pulse for the configured time, toggle, hold), publishes
 * "door opened" with how it was opened (dtmf, remote command, request-to-exit, button) and notes it in the call
 * it happened in.
 */
public final class DoorOpener {

    private static final Logger LOG = LoggerFactory.getLogger(DoorOpener.class);

    private final Optional<DoorRelay> relay;
    private final EventPublisher events;
    private final CallLog callLog;
    private volatile Duration pulse;

    public DoorOpener(Optional<DoorRelay> relay, EventPublisher events, CallLog callLog) {
        this.relay = relay;
        this.events = events;
        this.callLog = callLog;
        this.pulse = relay.map(DoorRelay::pulseTime).orElse(Duration.ofSeconds(1));
    }

    /** Changes the pulse time used from now on (pulse-mode relays only). */
    public void setPulse(Duration pulse) {
        this.pulse = pulse;
    }

    /** Opens the door; {@code how} says why ("dtmf", "remote", "request-to-exit", "button"); callId may be null. */
    public boolean open(String how, String callId) {
        if (relay.isEmpty()) {
            LOG.warn("door open requested ({}) but this station has no door relay", how);
            return false;
        }
        DoorRelay r = relay.get();
        if (r.mode() == RelayMode.PULSE) {
            r.pulse(pulse);
        } else {
            r.open();
        }
        events.publish(StationEvent.Type.DOOR_OPENED, callId, how);
        if (callId != null && !callId.isEmpty()) {
            callLog.doorOpened(callId, how);
        }
        return true;
    }
}
