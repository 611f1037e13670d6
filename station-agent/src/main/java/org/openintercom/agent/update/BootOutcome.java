package org.openintercom.agent.update;

import java.util.Optional;

/**
 * What the boot loader did at this start: which slot runs, whether it is a trial of a new image that still has to
 * prove itself and be committed, and whether a trial was abandoned (the previous start never committed it), in
 * which case the station rolled back to {@code slot}.
 */
public record BootOutcome(Slot slot, boolean trial, Optional<Slot> rolledBackFrom) {

    public static BootOutcome normal(Slot slot) {
        return new BootOutcome(slot, false, Optional.empty());
    }
}
