package org.openintercom.agent.update;

import java.util.function.BooleanSupplier;

/** Health check: the device channel to the cloud is up (the new firmware can still be managed). */
public final class CloudConnectedCheck implements HealthCheck {

    private final BooleanSupplier connected;

    public CloudConnectedCheck(BooleanSupplier connected) {
        this.connected = connected;
    }

    @Override
    public String name() {
        return "cloud-connected";
    }

    @Override
    public Result check() {
        return connected.getAsBoolean() ? Result.passed() : Result.pending("the device channel is not connected");
    }
}
