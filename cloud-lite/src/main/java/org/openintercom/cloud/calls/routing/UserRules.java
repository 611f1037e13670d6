package org.openintercom.cloud.calls.routing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/** A user's rules as they stand at one instant: the first rule of each kind whose schedule applies now. */
record UserRules(UserProfile user, LocalDateTime local) {

    static UserRules at(UserProfile user, Instant at) {
        return new UserRules(user, at.atZone(user.zone()).toLocalDateTime());
    }

    /** The first rule of {@code kind} in list order whose schedule applies, if any. */
    Optional<ForwardingRule> first(RuleKind kind) {
        return user.rules().stream()
                .filter(r -> r.kind() == kind && r.when().appliesAt(local))
                .findFirst();
    }
}
