package org.openintercom.cloud.calls.sip;

import java.util.Optional;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;

/**
 * Where the relay finds ring groups and users' forwarding rules, by the name dialled (the user part of the
 * Request-URI: {@code sip:residents@relay} is group {@code residents}, {@code sip:alice@relay} user {@code alice}).
 */
public interface RoutingDirectory {

    Optional<RingGroup> group(String id);

    Optional<UserProfile> user(String id);

    /** No groups and no rules: every call goes to the registered contacts of the user dialled. */
    RoutingDirectory NONE = new RoutingDirectory() {
        @Override
        public Optional<RingGroup> group(String id) {
            return Optional.empty();
        }

        @Override
        public Optional<UserProfile> user(String id) {
            return Optional.empty();
        }
    };
}
