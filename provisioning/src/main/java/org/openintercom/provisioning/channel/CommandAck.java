package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's answer to a {@link Command} (on {@code ack}): what came of it, why, and for a snapshot the
 * image (base64) and its media type.
 */
public record CommandAck(String commandId, Outcome outcome, Optional<String> detail, Instant at,
        Optional<String> image, Optional<String> imageType) {

    public enum Outcome { DONE, REFUSED, FAILED, EXPIRED }

    public CommandAck {
        Objects.requireNonNull(commandId, "commandId is required");
        Objects.requireNonNull(outcome, "outcome is required");
        detail = detail == null ? Optional.empty() : detail;
        Objects.requireNonNull(at, "at is required");
        image = image == null ? Optional.empty() : image;
        imageType = imageType == null ? Optional.empty() : imageType;
    }

    public static CommandAck of(String commandId, Outcome outcome, String detail, Instant at) {
        return new CommandAck(commandId, outcome, Optional.ofNullable(detail), at, Optional.empty(), Optional.empty());
    }
}
