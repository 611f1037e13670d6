package org.openintercom.cloud.store;

import java.time.Instant;

/** One line of the audit log: who tried what on what, and whether it was done. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, Outcome outcome,
        String detail) {

    /** Whether the action was carried out. */
    public enum Outcome {
        OK, REFUSED
    }
}
