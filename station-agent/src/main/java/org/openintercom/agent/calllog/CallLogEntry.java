package org.openintercom.agent.calllog;

import java.time.Instant;

/**
 * One line of the call log journal. {@code kind} says which fields are set: {@code started} (direction, remote,
 * button), {@code state} (state), {@code snapshot} (snapshot path), {@code media} (codec), {@code door}
 * (detail = how it was opened), {@code ended} (outcome, detail).
 */
public record CallLogEntry(
        String kind,
        String callId,
        Instant at,
        String direction,
        String remote,
        String button,
        String state,
        String snapshot,
        String codec,
        String outcome,
        String detail) {

    static CallLogEntry started(String callId, Instant at, String direction, String remote, String button) {
        return new CallLogEntry("started", callId, at, direction, remote, button, null, null, null, null, null);
    }

    static CallLogEntry state(String callId, Instant at, String state) {
        return new CallLogEntry("state", callId, at, null, null, null, state, null, null, null, null);
    }

    static CallLogEntry snapshot(String callId, Instant at, String path) {
        return new CallLogEntry("snapshot", callId, at, null, null, null, null, path, null, null, null);
    }

    static CallLogEntry media(String callId, Instant at, String codec) {
        return new CallLogEntry("media", callId, at, null, null, null, null, null, codec, null, null);
    }

    static CallLogEntry door(String callId, Instant at, String how) {
        return new CallLogEntry("door", callId, at, null, null, null, null, null, null, null, how);
    }

    static CallLogEntry ended(String callId, Instant at, String outcome, String detail) {
        return new CallLogEntry("ended", callId, at, null, null, null, null, null, null, outcome, detail);
    }
}
