package org.openintercom.cloud.auth;

/** The kinds of things a request does, from which the role it needs follows. */
public enum Action {
    /** Look at organisations, devices and their state. */
    READ,
    /** Claim, configure and unclaim devices; create sites. */
    CONFIGURE,
    /** Manage users, role assignments, projects, companies and transfers; read the audit log. */
    ADMINISTER,
    /** Upload and delete firmware bundles; create, pause, resume and abort rollouts; set update policies. */
    RELEASE
}
