package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A user in a ring group; a lower {@code priority} rings earlier in a sequential group (0 is first). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupMember(String userId, int priority) {

    public static GroupMember of(String userId, int priority) {
        return new GroupMember(userId, priority);
    }

    void check(String path, Problems problems) {
        if (Problems.blank(userId)) {
            problems.add(Problems.at(path, "userId"), "required");
        }
        if (priority < 0) {
            problems.add(Problems.at(path, "priority"), "must be >= 0, got " + priority);
        }
    }
}
