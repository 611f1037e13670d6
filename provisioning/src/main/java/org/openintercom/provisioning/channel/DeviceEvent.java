package org.openintercom.provisioning.channel;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened at a station (on {@code events}); {@code id} is unique per event so the cloud can
 * drop the duplicates an at-least-once delivery brings.
 */
public record DeviceEvent(String id, Type type, Instant at, Map<String, String> details) {

    public enum Type {
        CALL_STARTED, CALL_ENDED, DOOR_OPENED, TAMPER, DOOR_OPEN_TOO_LONG,
        /** An event type this cloud does not know yet (sent by a newer device). */
        @JsonEnumDefaultValue
        OTHER
    }

    public DeviceEvent {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("id must have 1 to 64 characters");
        }
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(at, "at is required");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
