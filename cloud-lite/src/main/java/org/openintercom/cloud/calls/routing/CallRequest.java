package org.openintercom.cloud.calls.routing;

import java.time.Clock;
import java.time.Instant;

/** A call to route: the relay's call id (used in queues), the target (a group or a user) and the current instant. */
public record CallRequest(String callId, Destination target, Instant at) {

    public static CallRequest of(String callId, Destination target, Clock clock) {
        return new CallRequest(callId, target, clock.instant());
    }
}
