package org.openintercom.agent.update;

import java.util.function.BooleanSupplier;

/**
 * Health check: the station's SIP stack is up and answers (its transports are bound). Becomes "registered" when
 * the station registers with a relay.
 */
public final class SipReadyCheck implements HealthCheck {

    private final BooleanSupplier ready;

    public SipReadyCheck(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public String name() {
        return "sip-ready";
    }

    @Override
    public Result check() {
        return ready.getAsBoolean() ? Result.passed() : Result.pending("the SIP stack is not ready");
    }
}
