package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sip.SipStack;
import javax.sip.header.ViaHeader;
import javax.sip.message.Response;

/**
 * Takes responses that no client transaction claims (retransmitted 2xx, a 180 overtaken by its 200) past JAIN-SIP's
 * transaction layer. For such a response the stack walks its whole client-transaction table, lower-casing two
 * branch strings per entry, before it gives up and hands the response to the listener; under load that table holds
 * tens of thousands of transactions, and the walk took a third of the relay's CPU. It is useless for a response
 * whose branch carries RFC 3261's magic cookie: its transaction, if any, is found by the branch alone (the stack's
 * own first lookup). Such a stray goes straight to the relay's stateless forwarding ({@link #forwardTo}); others
 * (RFC 2543 branches) take the stack's way. Named in the stack's {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}
 * property (hence public).
 */
public final class StrayResponseValve implements SIPMessageValve {

    private static final String COOKIE = "z9hg4bk";

    private SipStackImpl stack;
    private volatile Consumer<Response> strays;
    private final LongAdder forwarded = new LongAdder();

    @Override
    public void init(SipStack sipStack) {
        this.stack = (SipStackImpl) sipStack;
    }

    /** Where strays go from now on; until this is set they take the stack's way to the listener. */
    void forwardTo(Consumer<Response> handler) {
        this.strays = handler;
    }

    /** Strays taken past the stack so far. */
    long forwarded() {
        return forwarded.sum();
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        Consumer<Response> handler = strays;
        if (handler == null || !(response instanceof SIPResponse r)) {
            return true;
        }
        ViaHeader top = r.getTopmostVia();
        String branch = top == null ? null : top.getBranch();
        if (branch == null || !branch.regionMatches(true, 0, COOKIE, 0, COOKIE.length())
                || stack.findTransaction(r.getTransactionId(), false) != null) {
            return true;
        }
        forwarded.increment();
        handler.accept(response);
        return false;
    }

    @Override
    public void destroy() {
        // nothing held
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StrayResponseValve[%d forwarded]", forwarded());
    }
}
