package org.openintercom.cloud.calls.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A filter on the call history, newest first.
 *
 * @param visibility which calls the reader may see at all
 * @param from       calls started at or after this instant, or null
 * @param to         calls started before this instant, or null
 * @param statuses   calls with one of these statuses; empty = any
 * @param station    calls of this station, or null
 * @param siteId     calls from this site, or null
 * @param after      the cursor of the previous page, or null for the first page
 * @param limit      the most calls in one page ({@value #MIN_LIMIT} to {@value #MAX_LIMIT})
 */
public record CallQuery(Visibility visibility, Instant from, Instant to, Set<DialStatus> statuses, DeviceId station,
        Long siteId, CallCursor after, int limit) {

    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 50;

    public CallQuery {
        Objects.requireNonNull(visibility, "visibility");
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between " + MIN_LIMIT + " and " + MAX_LIMIT
                    + ", was " + limit);
        }
    }

    /** Every call {@code visibility} allows, first page of the default size. */
    public static CallQuery all(Visibility visibility) {
        return new CallQuery(visibility, null, null, Set.of(), null, null, null, DEFAULT_LIMIT);
    }

    /** The same filter for the page after {@code cursor}. */
    public CallQuery after(CallCursor cursor) {
        return new CallQuery(visibility, from, to, statuses, station, siteId, cursor, limit);
    }

    /** The same filter with pages of {@code n}. */
    public CallQuery limit(int n) {
        return new CallQuery(visibility, from, to, statuses, station, siteId, after, n);
    }
}
