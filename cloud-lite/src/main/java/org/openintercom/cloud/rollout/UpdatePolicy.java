package org.openintercom.cloud.rollout;

/** Which updates a device takes: every one, only security-critical ones, or only those an operator approves. */
public enum UpdatePolicy {
    /** Every rollout and the current release (the default). */
    ALL,
    /** Only bundles flagged security-critical; other rollouts skip the device. */
    SECURITY_ONLY,
    /** Nothing automatically: rollouts list the device as awaiting approval until an operator approves it. */
    MANUAL
}
