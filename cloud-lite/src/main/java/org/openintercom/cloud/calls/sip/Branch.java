package org.openintercom.cloud.calls.sip;

import javax.sip.ClientTransaction;

/** One fork of a proxied INVITE: the client transaction towards one contact, and what it has heard so far. */
final class Branch {

    final ProxyCall call;
    /** The contact URI rung. */
    final String target;
    /** The user this contact belongs to, or null for a number. */
    final String user;
    /** The Ring step of the plan this branch belongs to (0 first). */
    final int step;
    ClientTransaction transaction;
    /** A provisional response arrived (a CANCEL may be sent now). */
    boolean provisional;
    /** A final response arrived (or the transaction timed out). */
    boolean finished;
    /** The call wants this branch cancelled as soon as the CANCEL may be sent. */
    boolean cancelWanted;
    /** The final status of this branch, 0 until it has one. */
    int status;

    Branch(ProxyCall call, String target, String user, int step) {
        this.call = call;
        this.target = target;
        this.user = user;
        this.step = step;
    }
}
