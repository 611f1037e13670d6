package org.openintercom.cloud.calls.routing;

/**
 * The kinds of per-user forwarding rule, in order of precedence (see {@link CallRouter}): do-not-disturb (a flag on
 * the user, not a rule) comes first, then these from top to bottom.
 */
public enum RuleKind {
    /** Forward every call without ringing the user. */
    IMMEDIATE,
    /** Where calls go while the user is busy or has do-not-disturb on (without one: rejected as busy). */
    BUSY,
    /** Ring extra numbers together with the user. */
    SIMULTANEOUS,
    /** Forward when the user has no registered contact. */
    NOT_REACHABLE,
    /** Forward when the user did not answer within the rule's seconds (10..90). */
    NO_ANSWER
}
