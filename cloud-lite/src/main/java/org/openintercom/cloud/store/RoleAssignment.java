package org.openintercom.cloud.store;

import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.ScopeType;

/** A role held by a user at one node of the organisation tree, as stored (scope id 0 for SYSTEM). */
public record RoleAssignment(String username, Role role, ScopeType scopeType, long scopeId) {
}
