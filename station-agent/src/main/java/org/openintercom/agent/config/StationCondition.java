package org.openintercom.agent.config;

/** Conditions of a station that can drive an output (an LED, a buzzer, an auxiliary relay). */
public enum StationCondition {
    /** An outgoing call is being placed or rings at the other side. */
    CALLING,
    /** An incoming call rings at this station. */
    RINGING,
    /** A call is connected. */
    CONNECTED,
    /** The door relay is energised. */
    DOOR_UNLOCKED,
    /** The door contact reports the door open. */
    DOOR_OPEN,
    /** The tamper contact is active. */
    TAMPER;

    /**
     * A condition by its name in config files and the cloud's configuration ({@code door-open}, ...).
     *
     * @throws IllegalArgumentException naming the known conditions
     */
    public static StationCondition parse(String name) {
        try {
            return valueOf(name.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not one of "
                    + "[calling, ringing, connected, door-unlocked, door-open, tamper]", e);
        }
    }
}
