package org.openintercom.cloud.calls.directory;

import java.util.List;
import java.util.Objects;

/**
 * What a change to the call directory came to: the stored value, or why it was refused ({@code detail} is a
 * sentence for a person and never contains a password).
 */
public record DirectoryOutcome<T>(T value, Refusal refusal, String detail) {

    /** Why a change was refused. */
    public enum Refusal {
        /** The request is invalid; the detail names every bad field by its path. */
        INVALID,
        /** The name is already a SIP user or ring group (of any site). */
        NAME_TAKEN,
        /** No such user or group at that site. */
        NOT_FOUND,
        /** Something else points at it; the detail names who. */
        IN_USE
    }

    public static <T> DirectoryOutcome<T> ok(T value) {
        return new DirectoryOutcome<>(Objects.requireNonNull(value, "value"), null, null);
    }

    public static <T> DirectoryOutcome<T> refused(Refusal refusal, String detail) {
        return new DirectoryOutcome<>(null, Objects.requireNonNull(refusal, "refusal"), detail);
    }

    /** {@code what is invalid: p1; p2} with one {@code path: message} per problem. */
    static <T> DirectoryOutcome<T> invalid(String what, List<String> problems) {
        return refused(Refusal.INVALID, what + " is invalid: " + String.join("; ", problems));
    }

    public boolean isOk() {
        return refusal == null;
    }
}
