package org.openintercom.cloud.auth;

/**
 * A node of the organisation tree with its ancestry (system ⊇ company ⊇ project ⊇ site): the ids above
 * the node are set, the ids below it are null.
 */
public record Scope(Long companyId, Long projectId, Long siteId) {

    private static final Scope SYSTEM = new Scope(null, null, null);

    public Scope {
        if ((siteId != null && projectId == null) || (projectId != null && companyId == null)) {
            throw new IllegalArgumentException("a scope needs all its ancestors: company " + companyId
                    + ", project " + projectId + ", site " + siteId);
        }
    }

    /** The whole installation. */
    public static Scope system() {
        return SYSTEM;
    }

    /** A company. */
    public static Scope company(long companyId) {
        return new Scope(companyId, null, null);
    }

    /** A project of a company. */
    public static Scope project(long companyId, long projectId) {
        return new Scope(companyId, projectId, null);
    }

    /** A site of a project of a company. */
    public static Scope site(long companyId, long projectId, long siteId) {
        return new Scope(companyId, projectId, siteId);
    }

    /** The level of this node. */
    public ScopeType type() {
        if (siteId != null) {
            return ScopeType.SITE;
        }
        if (projectId != null) {
            return ScopeType.PROJECT;
        }
        return companyId != null ? ScopeType.COMPANY : ScopeType.SYSTEM;
    }

    /** The id of this node at its level (0 for the system). */
    public long id() {
        return switch (type()) {
            case SITE -> siteId;
            case PROJECT -> projectId;
            case COMPANY -> companyId;
            case SYSTEM -> 0L;
        };
    }

    /** Whether {@code other} is this node or below it. */
    public boolean contains(Scope other) {
        return switch (type()) {
            case SYSTEM -> true;
            case COMPANY -> companyId.equals(other.companyId);
            case PROJECT -> projectId.equals(other.projectId);
            case SITE -> siteId.equals(other.siteId);
        };
    }

    /** Whether either node contains the other (what a user may at least see the name of). */
    public boolean overlaps(Scope other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        return type() == ScopeType.SYSTEM ? "system" : type().name().toLowerCase() + " " + id();
    }
}
