package org.openintercom.agent.event;

import java.time.Instant;

/**
 * Something that happened at a station, as shown to people (console, later the cloud): a call changed state,
 * the door opened, an input changed, an output switched. {@code callId} is empty when no call is involved.
 */
public record StationEvent(Instant at, String stationId, Type type, String callId, String detail) {

    /** Kinds of station events. */
    public enum Type {
        CALL_STATE,
        CALL_ENDED,
        DTMF_RECEIVED,
        DOOR_OPENED,
        DOOR_CONTACT_OPEN,
        DOOR_CONTACT_CLOSED,
        DOOR_OPEN_TOO_LONG,
        TAMPER,
        TAMPER_CLEARED,
        INPUT_CHANGED,
        OUTPUT_CHANGED,
        SNAPSHOT_TAKEN,
        TALK_LIMIT_WARNING,
        TALK_LIMIT_EXTENDED,
        /** Calls go another way now: {@code CLOUD}, {@code MESH} or {@code STANDALONE}, and why. */
        LINK_MODE_CHANGED,
        /** A button that rings through the cloud was pressed without the cloud, and no local station could take it. */
        NO_LOCAL_STATION,
        /**
         * A call through the cloud's relay got no response (or failed with no response, a transport error or 503)
         * while the link still counted as up: the call rings the button's fallback targets over the mesh instead, or
         * waits on when none is reachable (the call-time fallback, docs/mesh.md).
         */
        RELAY_UNANSWERED
    }

    /**
     * Whether the event is kept in the station's event journal. Call states and outputs are not (the call log has
     * the calls), and neither are DTMF digits: together they spell the door code, which must not sit on disk.
     */
    public boolean persistent() {
        return type != Type.CALL_STATE && type != Type.OUTPUT_CHANGED && type != Type.DTMF_RECEIVED;
    }
}
