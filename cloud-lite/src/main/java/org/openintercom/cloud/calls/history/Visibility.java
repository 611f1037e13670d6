package org.openintercom.cloud.calls.history;

import java.util.Set;

/**
 * Which calls a reader may see: all of them, or those whose station was in one of the given companies, projects
 * or sites when it called. Built from the reader's role assignments by the API.
 */
public record Visibility(boolean everything, Set<Long> companyIds, Set<Long> projectIds, Set<Long> siteIds) {

    public Visibility {
        companyIds = Set.copyOf(companyIds);
        projectIds = Set.copyOf(projectIds);
        siteIds = Set.copyOf(siteIds);
    }

    /** Every call (a role at system scope). */
    public static Visibility all() {
        return new Visibility(true, Set.of(), Set.of(), Set.of());
    }

    /** The calls of these companies, projects and sites. */
    public static Visibility within(Set<Long> companyIds, Set<Long> projectIds, Set<Long> siteIds) {
        return new Visibility(false, companyIds, projectIds, siteIds);
    }

    /** Whether no call can be seen. */
    public boolean isNothing() {
        return !everything && companyIds.isEmpty() && projectIds.isEmpty() && siteIds.isEmpty();
    }
}
