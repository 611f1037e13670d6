package org.openintercom.cloud.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.openintercom.provisioning.channel.Command;
import org.openintercom.provisioning.channel.CommandAck;
import org.openintercom.provisioning.claim.DeviceId;

/** Sends a command to a device over the device channel; the future completes with its acknowledgement. */
@FunctionalInterface
public interface DeviceCommands {

    CompletableFuture<CommandAck> send(DeviceId device, Command command, Duration timeout);

    /** No device channel (API-only tests): every command fails at once. */
    DeviceCommands NONE = (device, command, timeout) ->
            CompletableFuture.failedFuture(new IllegalStateException("no device channel is connected"));
}
