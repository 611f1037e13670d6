package org.openintercom.agent.update;

/** One half of an A/B pair of firmware slots. */
public enum Slot {
    A, B;

    /** The other slot of the pair. */
    public Slot other() {
        return this == A ? B : A;
    }
}
