package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.openintercom.cloud.calls.announce.Announcements;

/**
 * What a ring group does when it is closed, when nobody answered, or when its queue is full: hang up, forward
 * to a number, a user or another group, or play a message (by id or name) and hang up.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupAction(Kind kind, Destination forwardTo, String message) {

    /** The kind of action. */
    public enum Kind {
        HANG_UP,
        FORWARD,
        PLAY_MESSAGE
    }

    public static GroupAction hangUp() {
        return new GroupAction(Kind.HANG_UP, null, null);
    }

    public static GroupAction forwardTo(Destination destination) {
        return new GroupAction(Kind.FORWARD, destination, null);
    }

    public static GroupAction playMessage(String message) {
        return new GroupAction(Kind.PLAY_MESSAGE, null, message);
    }

    void check(String path, Problems problems) {
        if (kind == null) {
            problems.add(Problems.at(path, "kind"), "required (HANG_UP, FORWARD or PLAY_MESSAGE)");
            return;
        }
        switch (kind) {
            case HANG_UP -> { }
            case FORWARD -> {
                if (forwardTo == null) {
                    problems.add(Problems.at(path, "forwardTo"), "required for FORWARD");
                } else {
                    forwardTo.check(Problems.at(path, "forwardTo"), problems);
                }
            }
            case PLAY_MESSAGE -> {
                if (Problems.blank(message)) {
                    problems.add(Problems.at(path, "message"), "required for PLAY_MESSAGE");
                } else if (!Announcements.NAME.matcher(message).matches()) {
                    problems.add(Problems.at(path, "message"), "'" + message + "' is not a message name ("
                            + Announcements.NAME.pattern() + "; built in: " + String.join(", ", Announcements.BUILT_IN)
                            + ")");
                }
            }
        }
    }
}
