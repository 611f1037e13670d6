package org.openintercom.hal.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.openintercom.hal.io.DoorRelay;
import org.openintercom.hal.io.RelayMode;

/** An {@link OutputBase} that is a {@link DoorRelay} with a mode and pulse time fixed at construction. */
public abstract class RelayBase extends OutputBase implements DoorRelay {

    private final RelayMode mode;
    private final Duration pulseTime;

    protected RelayBase(String id, RelayMode mode, Duration pulseTime, Clock clock) {
        super(id, clock);
        this.mode = Objects.requireNonNull(mode, "mode");
        this.pulseTime = Objects.requireNonNull(pulseTime, "pulseTime");
        if (pulseTime.isNegative() || pulseTime.isZero()) {
            throw new IllegalArgumentException("relay " + id + ": pulse time must be positive, not " + pulseTime);
        }
    }

    @Override
    public final RelayMode mode() {
        return mode;
    }

    @Override
    public final Duration pulseTime() {
        return pulseTime;
    }
}
