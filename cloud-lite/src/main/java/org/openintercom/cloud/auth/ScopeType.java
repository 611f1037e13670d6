package org.openintercom.cloud.auth;

/** The levels of the organisation tree a role can be granted at; SYSTEM is the whole installation. */
public enum ScopeType {
    SYSTEM, COMPANY, PROJECT, SITE
}
