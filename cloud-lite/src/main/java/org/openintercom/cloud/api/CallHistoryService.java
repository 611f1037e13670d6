package org.openintercom.cloud.api;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Grant;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.calls.history.CallHistoryStore;
import org.openintercom.cloud.calls.history.CallPage;
import org.openintercom.cloud.calls.history.CallQuery;
import org.openintercom.cloud.calls.history.CallRecord;
import org.openintercom.cloud.calls.history.SnapshotStore;
import org.openintercom.cloud.calls.history.Visibility;

/**
 * The call history for API callers: a user sees the calls whose station was, when it called, in a company, project
 * or site where the user holds a role (any role may read); calls of stations that were not claimed only at system
 * scope. A call the caller may not see is answered as not found, so Call-IDs of other companies cannot be probed.
 */
public final class CallHistoryService {

    private final CallHistoryStore store;
    private final SnapshotStore snapshots;

    public CallHistoryService(CallHistoryStore store, SnapshotStore snapshots) {
        this.store = store;
        this.snapshots = snapshots;
    }

    /** The calls {@code caller} may read, as a filter. */
    public static Visibility visibility(Principal caller) {
        Set<Long> companies = new HashSet<>();
        Set<Long> projects = new HashSet<>();
        Set<Long> sites = new HashSet<>();
        for (Grant g : caller.grants()) {
            if (!g.role().allows(Action.READ)) {
                continue;
            }
            Scope s = g.scope();
            switch (s.type()) {
                case SYSTEM -> {
                    return Visibility.all();
                }
                case COMPANY -> companies.add(s.companyId());
                case PROJECT -> projects.add(s.projectId());
                case SITE -> sites.add(s.siteId());
            }
        }
        return Visibility.within(companies, projects, sites);
    }

    /** One page of the calls matching {@code query} that {@code caller} may read (its visibility is replaced). */
    public CallPage list(Principal caller, CallQuery query) {
        return store.page(new CallQuery(visibility(caller), query.from(), query.to(), query.statuses(),
                query.station(), query.siteId(), query.after(), query.limit()));
    }

    /** The call {@code callId} if {@code caller} may read it. */
    public Result<CallRecord> get(Principal caller, String callId) {
        return store.find(callId).filter(c -> mayRead(caller, c)).map(Result::ok)
                .orElseGet(() -> Result.refused(Problem.notFound("no call " + callId)));
    }

    /** The snapshot file of call {@code callId} if {@code caller} may read the call and there is one. */
    public Result<Path> snapshot(Principal caller, String callId) {
        Result<CallRecord> call = get(caller, callId);
        if (!call.isOk()) {
            return Result.refused(call.problem());
        }
        return snapshots.file(call.value()).map(Result::ok)
                .orElseGet(() -> Result.refused(Problem.notFound("call " + callId + " has no snapshot")));
    }

    private static boolean mayRead(Principal caller, CallRecord call) {
        Scope scope = call.scope() == null ? Scope.system() : call.scope();
        return Permissions.check(caller, Action.READ, scope).allowed();
    }
}
