package org.openintercom.cloud.api;

import java.util.List;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;

/** Shows the audit log to system administrators. */
public final class AuditService {

    private final AuditLog audit;

    public AuditService(AuditLog audit) {
        this.audit = audit;
    }

    /** The newest {@code limit} entries, newest first. */
    public Result<List<AuditEntry>> recent(Principal caller, int limit) {
        Decision d = Permissions.check(caller, Action.ADMINISTER, Scope.system());
        if (!d.allowed()) {
            return Result.refused(Problem.forbidden(d.reason()));
        }
        if (limit < 1 || limit > AuditLog.MAX_LIMIT) {
            return Result.refused(Problem.invalid("limit must be between 1 and " + AuditLog.MAX_LIMIT));
        }
        return Result.ok(audit.recent(limit));
    }
}
