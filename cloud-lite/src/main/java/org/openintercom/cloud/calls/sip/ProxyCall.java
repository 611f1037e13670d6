package org.openintercom.cloud.calls.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INVITE the proxy is forking: the caller's server transaction and one {@link Branch} per contact. Forwards
 * provisional responses (early media included) until the answer, forwards every 2xx (the first through the
 * transaction, later ones statelessly, RFC 3261 §16.7), cancels the losing branches, and when no branch answers
 * sends the caller the best final response (a 6xx at once). The caller's CANCEL and the ring timeout cancel every
 * pending branch. Thread-safe: the stack's worker threads and the timer call in.
 */
final class ProxyCall {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyCall.class);

    final String key;
    final String callId;
    private final SipContext ctx;
    private final ServerTransaction server;
    private final Request request;
    private final SipProvider inbound;
    private final List<Branch> branches = new ArrayList<>();
    private boolean answered;
    private boolean finalSent;
    private boolean cancelled;
    private boolean timedOut;
    private Response best;
    private ScheduledFuture<?> ringTimer;
    private long endedAt;

    ProxyCall(String key, String callId, SipContext ctx, ServerTransaction server, Request request,
            SipProvider inbound) {
        this.key = key;
        this.callId = callId;
        this.ctx = ctx;
        this.server = server;
        this.request = request;
        this.inbound = inbound;
    }

    synchronized Branch newBranch(String target) {
        Branch b = new Branch(this, target);
        branches.add(b);
        return b;
    }

    synchronized void ringTimer(ScheduledFuture<?> timer) {
        this.ringTimer = timer;
    }

    synchronized boolean finished() {
        if ((finalSent || answered) && endedAt == 0) {
            endedAt = System.nanoTime();
        }
        return finalSent || answered;
    }

    /** Whether the call's setup ended before {@code nanos} (a System.nanoTime value). */
    synchronized boolean endedBefore(long nanos) {
        return finished() && endedAt - nanos < 0;
    }

    /** A response on one branch. */
    synchronized void onResponse(Branch branch, Response response) {
        int status = response.getStatusCode();
        if (status == Response.TRYING) {
            branch.provisional = true;
            sendWantedCancel(branch);
            return;
        }
        if (status < 200) {
            branch.provisional = true;
            sendWantedCancel(branch);
            if (!answered && !finalSent) {
                forward(response); // 180/183 (early media) from each ringing phone
            }
            return; // a 180 after the 200 is dropped
        }
        branch.finished = true;
        branch.status = status;
        if (status < 300) {
            if (!answered) {
                answered = true;
                cancelTimer();
                LOG.debug("call {} answered by {}", callId, branch.target);
                for (Branch other : branches) {
                    if (other != branch) {
                        cancel(other);
                    }
                }
            }
            if (!finalSent) {
                finalSent = true;
                forward(response);
            } else {
                forwardStatelessly(response); // a second 2xx (forked answer) or one after our 487
            }
            return;
        }
        if (answered || finalSent) {
            return;
        }
        if (status >= 600) {
            best = response;
            cancelPending();
            sendFinal();
            return;
        }
        if (best == null || rank(response) < rank(best)) {
            best = response;
        }
        if (allFinished()) {
            sendFinal();
        }
    }

    /** The branch's transaction timed out or could not be sent: it counts as 408. */
    synchronized void onBranchFailed(Branch branch, int status) {
        if (branch.finished) {
            return;
        }
        branch.finished = true;
        branch.status = status;
        if (!answered && !finalSent && allFinished()) {
            sendFinal();
        }
    }

    /** The caller cancelled: 487 to the caller now, CANCEL to every pending branch. */
    synchronized void cancelByCaller() {
        if (answered || finalSent) {
            return;
        }
        cancelled = true;
        cancelTimer();
        cancelPending();
        finalSent = true;
        respond(Response.REQUEST_TERMINATED, null);
    }

    /** Nobody answered in time: CANCEL every pending branch; the caller gets 408 when they have ended. */
    synchronized void ringTimeout() {
        if (answered || finalSent) {
            return;
        }
        timedOut = true;
        LOG.debug("call {}: no answer in {}", callId, ctx.config.ringTimeout());
        cancelPending();
        if (allFinished()) {
            sendFinal();
        }
    }

    private boolean allFinished() {
        for (Branch b : branches) {
            if (!b.finished) {
                return false;
            }
        }
        return true;
    }

    private void cancelPending() {
        for (Branch b : branches) {
            cancel(b);
        }
    }

    private void cancel(Branch b) {
        if (b.finished || b.cancelWanted) {
            return;
        }
        b.cancelWanted = true;
        sendWantedCancel(b);
    }

    /** Sends the CANCEL of a branch once it may be sent (after its first provisional response, RFC 3261 §9.1). */
    private void sendWantedCancel(Branch b) {
        if (!b.cancelWanted || !b.provisional || b.finished || b.transaction == null) {
            return;
        }
        b.cancelWanted = false;
        try {
            Request cancel = b.transaction.createCancel();
            ClientTransaction ct = ctx.provider(SipContext.transportOf(cancel.getRequestURI()))
                    .getNewClientTransaction(cancel);
            ct.sendRequest();
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: cannot cancel the branch to {}: {}", callId, b.target, e.getMessage());
        }
    }

    private void sendFinal() {
        if (finalSent) {
            return;
        }
        finalSent = true;
        cancelTimer();
        if (cancelled) {
            return;
        }
        if (timedOut) {
            respond(Response.REQUEST_TIMEOUT, "No Answer");
        } else if (best != null) {
            forward(best);
        } else {
            respond(Response.TEMPORARILY_UNAVAILABLE, null);
        }
    }

    /** Lower is better: the class first, then a few informative 4xx (busy) before the rest (RFC 3261 §16.7). */
    private static int rank(Response r) {
        int s = r.getStatusCode();
        int cls = s / 100;
        int order = cls == 4 ? 40 : cls == 3 ? 30 : 50;
        if (s == Response.BUSY_HERE || s == Response.BUSY_EVERYWHERE) {
            order -= 5;
        } else if (s == Response.REQUEST_TERMINATED || s == Response.REQUEST_TIMEOUT) {
            order += 5;
        }
        return order * 1000 + s;
    }

    private void forward(Response response) {
        Response out = (Response) response.clone();
        out.removeFirst(ViaHeader.NAME);
        try {
            server.sendResponse(out);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: cannot forward {} to the caller: {}", callId, response.getStatusCode(),
                    e.getMessage());
            forwardStatelessly(response);
        }
    }

    private void forwardStatelessly(Response response) {
        Response out = (Response) response.clone();
        out.removeFirst(ViaHeader.NAME);
        try {
            inbound.sendResponse(out);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: cannot forward {} statelessly: {}", callId, response.getStatusCode(), e.getMessage());
        }
    }

    private void respond(int status, String reason) {
        try {
            Response r = ctx.messages.createResponse(status, request);
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            server.sendResponse(r);
        } catch (Exception e) {
            LOG.debug("call {}: cannot send {}: {}", callId, status, e.getMessage());
        }
    }

    private void cancelTimer() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
            ringTimer = null;
        }
    }
}
