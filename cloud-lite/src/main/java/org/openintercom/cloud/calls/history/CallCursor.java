package org.openintercom.cloud.calls.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of calls (newest first) ended: the start time and Call-ID of its last call. Clients see it as an
 * opaque base64url string.
 */
public record CallCursor(Instant startedAt, String callId) {

    public CallCursor {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(callId, "callId");
    }

    /** The cursor after {@code call}. */
    public static CallCursor after(CallRecord call) {
        return new CallCursor(call.startedAt(), call.callId());
    }

    /** The opaque form. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (startedAt + "|" + callId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the opaque form.
     *
     * @throws IllegalArgumentException if {@code text} is not a cursor this class made
     */
    public static CallCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("cursor '" + text + "' is not one this server made");
            }
            return new CallCursor(Instant.parse(plain.substring(0, bar)), CallIds.check(plain.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("cursor '" + text + "' is not one this server made", e);
        }
    }
}
