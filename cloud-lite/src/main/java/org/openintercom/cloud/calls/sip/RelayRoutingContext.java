package org.openintercom.cloud.calls.sip;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.openintercom.cloud.calls.routing.CallQueue;
import org.openintercom.cloud.calls.routing.CallQueues;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RoutingContext;
import org.openintercom.cloud.calls.routing.UserProfile;

/** What the router sees of the relay: the directory, who is registered, who is busy, calls today, the queues. */
final class RelayRoutingContext implements RoutingContext {

    private final RoutingDirectory directory;
    private final SipAccounts accounts;
    private final Location location;
    private final Presence presence;
    private final CallQueues queues = new CallQueues();

    RelayRoutingContext(RoutingDirectory directory, SipAccounts accounts, Location location, Presence presence) {
        this.directory = directory;
        this.accounts = accounts;
        this.location = location;
        this.presence = presence;
    }

    @Override
    public Optional<RingGroup> group(String groupId) {
        return directory.group(groupId);
    }

    /** A user's rules; a SIP user (or a registered station) without any is a user with no rules. */
    @Override
    public Optional<UserProfile> user(String userId) {
        return directory.user(userId).or(() -> accounts.find(userId).isPresent() || location.isRegistered(userId)
                ? Optional.of(UserProfile.of(userId, ZoneOffset.UTC)) : Optional.empty());
    }

    @Override
    public boolean isRegistered(String userId) {
        return location.isRegistered(userId);
    }

    @Override
    public boolean isBusy(String userId) {
        return presence.isBusy(userId);
    }

    @Override
    public int callsToday(String groupId, String userId, LocalDate day) {
        return presence.callsToday(groupId, userId, day);
    }

    @Override
    public CallQueue queue(RingGroup group) {
        return queues.of(group);
    }
}
