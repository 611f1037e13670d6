package org.openintercom.cloud.calls.directory;

import java.time.ZoneId;
import java.util.List;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.ForwardingRule;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;

/** The call directory on a test database, with given-helpers for users and groups. */
final class DirectoryFixture implements AutoCloseable {

    static final String REALM = "relay.example";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    final StoreFixture store;
    final CallDirectoryStore directory;

    DirectoryFixture(TestDatabase.Kind kind) {
        this(kind, StationLookup.NONE);
    }

    DirectoryFixture(TestDatabase.Kind kind, StationLookup stations) {
        store = new StoreFixture(kind);
        directory = new CallDirectoryStore(store.testDb.database(), store.clock, REALM, stations);
    }

    /** A new directory store on the same database (what a restart sees). */
    CallDirectoryStore reopened() {
        return new CallDirectoryStore(store.testDb.database(), store.clock, REALM, StationLookup.NONE);
    }

    SipUser givenUser(long siteId, String name) {
        return ok(directory.createUser(siteId, name, name.toUpperCase(), "secret-" + name));
    }

    StoredRingGroup givenGroup(long siteId, String id, String... members) {
        return ok(directory.createGroup(siteId, parallel(id, members)));
    }

    static RingGroup parallel(String id, String... members) {
        List<GroupMember> list = new java.util.ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            list.add(GroupMember.of(members[i], i));
        }
        return RingGroup.of(id, RingStrategy.PARALLEL, BERLIN, list);
    }

    static UserProfile forwardingTo(String user, Destination to) {
        return UserProfile.of(user, BERLIN, ForwardingRule.noAnswer(20, to));
    }

    static <T> T ok(DirectoryOutcome<T> outcome) {
        if (!outcome.isOk()) {
            throw new AssertionError("refused: " + outcome.refusal() + ": " + outcome.detail());
        }
        return outcome.value();
    }

    @Override
    public void close() {
        store.close();
    }
}
