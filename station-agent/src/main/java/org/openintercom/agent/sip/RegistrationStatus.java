package org.openintercom.agent.sip;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a station's registration stands: its {@link State}, when the registrar will forget us unless we refresh
 * (while registered), and a detail a person can read, e.g. {@code 403 Forbidden}, {@code timeout} or
 * {@code registered at sip:relay.example.com as sip:door@relay.example.com for 600 s}.
 */
public record RegistrationStatus(State state, Optional<Instant> expiresAt, String detail) {

    /** The status of an engine with no registration configured. */
    public static final RegistrationStatus NONE = new RegistrationStatus(State.UNREGISTERED, Optional.empty(),
            "no registrar configured");

    /** The states of a registration. */
    public enum State {
        /** Not registered: none configured, not started yet, or unregistered on close. */
        UNREGISTERED,
        /** A REGISTER is on its way and we are not registered yet. */
        REGISTERING,
        /** The registrar has our contact until {@link #expiresAt}; refreshes keep this state. */
        REGISTERED,
        /** The last attempt failed ({@link #detail} says why); the engine retries with backoff. */
        FAILED
    }

    public RegistrationStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(detail, "detail");
    }

    public static RegistrationStatus unregistered(String detail) {
        return new RegistrationStatus(State.UNREGISTERED, Optional.empty(), detail);
    }

    public static RegistrationStatus registering(String detail) {
        return new RegistrationStatus(State.REGISTERING, Optional.empty(), detail);
    }

    public static RegistrationStatus registered(Instant expiresAt, String detail) {
        return new RegistrationStatus(State.REGISTERED, Optional.of(expiresAt), detail);
    }

    public static RegistrationStatus failed(String detail) {
        return new RegistrationStatus(State.FAILED, Optional.empty(), detail);
    }
}
