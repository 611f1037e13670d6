package org.openintercom.provisioning.channel;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command from the cloud to one device (on {@code cmd}); the device answers each with a
 * {@link CommandAck} carrying the same id. A command past {@code expiresAt} is not carried out.
 */
public record Command(String id, Type type, Map<String, String> arguments, Instant issuedAt,
        Optional<Instant> expiresAt) {

    public enum Type {
        /** Pulse the door relay. */
        OPEN_DOOR,
        /** Restart the station. */
        REBOOT,
        /** Change the station's display name; argument {@code name}. */
        RENAME,
        /** Take a camera snapshot and return it in the acknowledgement. */
        TAKE_SNAPSHOT,
        /** A command this device does not know (sent by a newer cloud): refused in the ack. */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public Command {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("id must have 1 to 64 characters");
        }
        Objects.requireNonNull(type, "type is required");
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        Objects.requireNonNull(issuedAt, "issuedAt is required");
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    public static Command of(String id, Type type, Map<String, String> arguments, Instant issuedAt) {
        return new Command(id, type, arguments, issuedAt, Optional.empty());
    }
}
