package org.openintercom.cloud.calls.directory;

import java.time.Instant;
import java.util.Objects;
import org.openintercom.cloud.calls.routing.RingGroup;

/** A ring group as stored: its definition and the site it belongs to. */
public record StoredRingGroup(RingGroup group, long siteId, Instant createdAt, Instant updatedAt) {

    public StoredRingGroup {
        Objects.requireNonNull(group, "group");
    }

    /** The group's id, the name dialled to reach it. */
    public String id() {
        return group.id();
    }
}
