package org.openintercom.cloud.calls.directory;

import java.util.Optional;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.calls.sip.RoutingDirectory;

/**
 * The relay's ring groups and users' forwarding rules from the call directory's in-memory snapshot (no database
 * access per call). A SIP user without rules is not in here: the relay treats it as a user with none.
 */
public final class StoredRoutingDirectory implements RoutingDirectory {

    private final CallDirectoryStore store;

    public StoredRoutingDirectory(CallDirectoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<RingGroup> group(String id) {
        return store.snapshot().group(id).map(StoredRingGroup::group);
    }

    @Override
    public Optional<UserProfile> user(String id) {
        return store.snapshot().user(id).flatMap(SipUser::profile);
    }
}
