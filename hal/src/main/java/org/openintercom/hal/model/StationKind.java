package org.openintercom.hal.model;

/** Where a station is installed and how it behaves on calls. */
public enum StationKind {
    /** At the entrance: visitors press a call button; drives the door relay. */
    DOOR_STATION,
    /** Inside (flat, office, guard desk): rings, is answered by button or auto-answer. */
    INDOOR_STATION
}
