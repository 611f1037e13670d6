package org.openintercom.cloud.store;

import java.time.Instant;
import java.time.ZoneId;
import org.openintercom.cloud.auth.Scope;

/** A place within a project where devices are installed, with its local time zone. */
public record Site(long id, long projectId, long companyId, String name, ZoneId timeZone, Instant createdAt) {

    /** The site as a node of the organisation tree. */
    public Scope scope() {
        return Scope.site(companyId, projectId, id);
    }
}
