package org.openintercom.cloud.calls.routing;

import java.util.List;

/** A ring group or a user's forwarding configuration is invalid; {@link #problems()} names every bad field. */
public final class InvalidRoutingConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidRoutingConfigException(String what, List<String> problems) {
        super(what + " is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One {@code path: message} line per problem, e.g. {@code members[3].priority: must be >= 0}. */
    public List<String> problems() {
        return problems;
    }
}
