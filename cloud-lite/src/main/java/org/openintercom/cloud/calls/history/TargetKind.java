package org.openintercom.cloud.calls.history;

/** What the station dialled: a call group, one user, or a SIP URI. */
public enum TargetKind {
    GROUP, USER, URI
}
