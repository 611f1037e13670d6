package org.openintercom.cloud.calls.directory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.calls.sip.SipAccount;

/**
 * A SIP user of the relay as stored: the site it belongs to, a display name, its digest credentials (HA1 hashes
 * only, never the password) and its forwarding rules, if any.
 *
 * @param displayName a name for people, or null
 * @param rules the user's routing profile (zone, do-not-disturb, forwarding rules), or null for none
 */
public record SipUser(String username, long siteId, String displayName, SipAccount account, UserProfile rules,
                      Instant createdAt, Instant updatedAt) {

    public SipUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(account, "account");
    }

    /** The user's forwarding rules, when any were set. */
    public Optional<UserProfile> profile() {
        return Optional.ofNullable(rules);
    }

    @Override
    public String toString() {
        // the hashes are password equivalents for digest authentication: keep them out of logs
        return "SipUser[" + username + " at site " + siteId + "]";
    }
}
