package org.openintercom.agent.call;

/** A read-only view of the live call: id, direction, the other side and the state. */
public record CallStatus(String callId, CallDirection direction, String remote, CallState state) {
}
