package org.openintercom.cloud.calls.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.cloud.calls.announce.Announcement;
import org.openintercom.cloud.calls.announce.Clip;
import org.openintercom.cloud.calls.routing.HangUpReason;
import org.openintercom.cloud.calls.routing.RingTarget;
import org.openintercom.cloud.calls.routing.RoutingPlan;
import org.openintercom.cloud.calls.routing.RoutingStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INVITE the proxy is routing: the caller's server transaction, the steps of its routing plan, and one
 * {@link Branch} per contact rung. A Ring step forks to every contact of its targets at once and ends at its
 * timeout (pending branches cancelled) or when all its branches have failed; then the next step runs. Provisional
 * responses (early media included) are forwarded until the answer; every 2xx is forwarded (the first through the
 * transaction, later ones statelessly, RFC 3261 §16.7) and the losing branches are cancelled. When the plan is
 * exhausted the caller gets the last step's answer (a hang-up's status) or the best final response (a 6xx at once).
 * The caller's CANCEL cancels everything. Thread-safe: the stack's worker threads and the timers call in.
 */
final class ProxyCall {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyCall.class);
    /** How often a queued call asks the router again. */
    private static final Duration QUEUE_POLL = Duration.ofSeconds(2);
    /** How often a caller waiting at the same position hears it again. */
    private static final Duration QUEUE_REMINDER = Duration.ofSeconds(30);

    /** What the call needs from the proxy. */
    interface Driver {
        /** Sends {@code branch} (its target is set); false when it could not be sent. */
        boolean send(ProxyCall call, Branch branch);

        /** The contacts to ring for a target (a user's registered contacts, or the number itself). */
        List<String> contacts(RingTarget target);

        /** The plan made again for a queued call. */
        Optional<RoutingPlan> reroute(ProxyCall call);

        ScheduledFuture<?> schedule(Runnable task, Duration delay);

        /** A branch answered with {@code answer} (its user is busy from now on, counted for the group). */
        void answered(ProxyCall call, Branch branch, Response answer);

        /**
         * The call is over before it was answered (leave any queue, free its media ports): the caller got
         * {@code status}, or cancelled.
         */
        void abandoned(ProxyCall call, int status, String reason, boolean cancelledByCaller);

        /** A Ring step started ringing {@code contacts} ({@code wave} from 1). */
        void rung(ProxyCall call, int wave, List<String> contacts);

        /** A callee's 18x or 2xx as the caller gets it (its SDP pointed at the media relay when there is one). */
        Response toCaller(ProxyCall call, Branch branch, Response response);

        /** The relay's own early media toward the caller, answering its offer; empty when it cannot be made. */
        Optional<Announcement> announce(ProxyCall call);

        /** The message called {@code name} in the announcement library. */
        Optional<Clip> message(String name);

        /** The sentence telling a queued caller their position. */
        Clip queuePosition(int position);
    }

    final String key;
    final String callId;
    /** What was dialled (a group, a user, or the contacts of a plain SIP user). */
    final org.openintercom.cloud.calls.routing.Destination destination;
    private final SipContext ctx;
    private final ServerTransaction server;
    private final Request request;
    private final Request fork;
    private final SipProvider inbound;
    private final Driver driver;
    private final List<Branch> branches = new ArrayList<>();
    private List<RoutingStep> steps;
    private int next;
    private int step = -1;
    private boolean stepTimedOut;
    private boolean answered;
    private boolean finalSent;
    private boolean cancelled;
    private Response best;
    private ScheduledFuture<?> timer;
    private long endedAt;
    private final String routing;
    /** The relay's own early media (messages, queue position, ringback), once the caller has its 183. */
    private Announcement announcement;
    /** The To tag of the relay's own early dialog with the caller (its 183 and its final response). */
    private String earlyTag;
    private int announcedPosition;
    private long announcedAt;

    ProxyCall(String key, String callId, SipContext ctx, ServerTransaction server, Request request, Request fork,
            SipProvider inbound, Driver driver, RoutingPlan plan) {
        this.key = key;
        this.callId = callId;
        this.destination = plan.target();
        this.ctx = ctx;
        this.server = server;
        this.request = request;
        this.fork = fork;
        this.inbound = inbound;
        this.driver = driver;
        this.steps = plan.steps();
        this.routing = plan.describe();
    }

    /** The plan as the router explained it (for logs and call history). */
    String routing() {
        return routing;
    }

    /** The request each branch is made from (our routes removed, Max-Forwards decremented). */
    Request fork() {
        return fork;
    }

    /** The caller's INVITE as it arrived. */
    Request request() {
        return request;
    }

    synchronized void start() {
        runNextStep();
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

    // ---- steps ----

    private void runNextStep() {
        while (!answered && !finalSent) {
            if (next >= steps.size()) {
                sendFinal(null);
                return;
            }
            RoutingStep s = steps.get(next++);
            LOG.debug("call {}: {}", callId, s.describe());
            switch (s) {
                case RoutingStep.Ring r -> {
                    if (ring(r.targets(), r.timeout())) {
                        return;
                    }
                    // nobody to ring in this step: on to the next
                }
                case RoutingStep.Forward f -> {
                    if (ring(List.of(RingTarget.number(f.uri())), ctx.config.ringTimeout())) {
                        steps = List.of(); // handed over for good: what that target answers is final
                        next = 0;
                        return;
                    }
                }
                case RoutingStep.HangUp h -> {
                    sendFinal(h.reason());
                    return;
                }
                case RoutingStep.PlayMessage m -> {
                    playMessage(m.message());
                    return;
                }
                case RoutingStep.Queue q -> {
                    queued(q.position());
                    timer = driver.schedule(this::reroute, QUEUE_POLL);
                    return;
                }
            }
        }
    }

    /**
     * Plays a message to the caller as early media, then ends the call with 480; without the message (unknown name,
     * or an offer the relay cannot answer) the caller gets the 480 at once.
     */
    private void playMessage(String name) {
        Optional<Clip> clip = driver.message(name);
        if (clip.isEmpty()) {
            LOG.warn("call {}: message '{}' is not in the announcement library; the caller gets 480 without it",
                    callId, name);
        } else if (earlyMedia()) {
            cancelTimer();
            announcement.play(List.of(clip.get()), Announcement.Then.END, () -> messagePlayed(name));
            return;
        }
        finalSent = true;
        endAnnouncement();
        respond(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable (message " + name + ")");
        driver.abandoned(this, Response.TEMPORARILY_UNAVAILABLE, "message " + name + " not played", false);
    }

    private synchronized void messagePlayed(String name) {
        if (answered || finalSent) {
            return;
        }
        finalSent = true;
        endAnnouncement();
        respond(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable (message " + name + " played)");
        driver.abandoned(this, Response.TEMPORARILY_UNAVAILABLE, "message " + name + " played", false);
    }

    /** Tells the caller its queue position: by voice when it changed or a while has passed, and by a 182. */
    private void queued(int position) {
        long now = System.nanoTime();
        boolean due = position != announcedPosition || now - announcedAt >= QUEUE_REMINDER.toNanos();
        if (!due) {
            return;
        }
        if (earlyMedia()) {
            announcement.play(List.of(driver.queuePosition(position)), Announcement.Then.SILENCE, null);
        }
        if (position != announcedPosition) {
            respond(182, "Queued (position " + position + ")");
        }
        announcedPosition = position;
        announcedAt = now;
    }

    /** Whether the caller has (now) the relay's early media: a 183 with the announcement's SDP. */
    private boolean earlyMedia() {
        if (announcement != null) {
            return true;
        }
        announcement = driver.announce(this).orElse(null);
        if (announcement == null) {
            return false;
        }
        earlyTag = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        try {
            Response r = ctx.messages.createResponse(Response.SESSION_PROGRESS, request);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(earlyTag);
            r.setContent(announcement.answerSdp(), (ContentTypeHeader) ctx.headers.createContentTypeHeader(
                    "application", "sdp"));
            server.sendResponse(r);
            return true;
        } catch (Exception e) {
            LOG.debug("call {}: cannot send the announcement's 183: {}", callId, e.getMessage());
            endAnnouncement();
            return false;
        }
    }

    private void endAnnouncement() {
        if (announcement != null) {
            announcement.close();
            announcement = null;
        }
    }

    /** Starts a Ring step; false when it has no contact to ring. */
    private boolean ring(List<RingTarget> targets, Duration timeout) {
        step++;
        stepTimedOut = false;
        int sent = 0;
        for (RingTarget t : targets) {
            for (String contact : driver.contacts(t)) {
                Branch b = new Branch(this, contact, t.kind() == RingTarget.Kind.USER ? t.value() : null, step);
                branches.add(b);
                if (driver.send(this, b)) {
                    sent++;
                } else {
                    b.finished = true;
                    b.status = Response.SERVICE_UNAVAILABLE;
                }
            }
        }
        if (sent == 0) {
            return false;
        }
        List<String> rung = new ArrayList<>();
        for (Branch b : branches) {
            if (b.step == step && !b.finished) {
                rung.add(b.user != null ? b.user : b.target);
            }
        }
        driver.rung(this, step + 1, rung);
        if (announcement != null) {
            announcement.play(List.of(), Announcement.Then.RINGBACK, null); // the caller hears our media, not its own
        }
        cancelTimer();
        int current = step;
        timer = driver.schedule(() -> stepTimeout(current), timeout);
        return true;
    }

    private synchronized void stepTimeout(int which) {
        if (which != step || answered || finalSent) {
            return;
        }
        stepTimedOut = true;
        for (Branch b : branches) {
            if (b.step == step) {
                cancel(b);
            }
        }
        if (stepFinished()) {
            runNextStep();
        }
    }

    private synchronized void reroute() {
        if (answered || finalSent) {
            return;
        }
        Optional<RoutingPlan> plan = driver.reroute(this);
        if (plan.isEmpty()) {
            sendFinal(HangUpReason.UNKNOWN_TARGET);
            return;
        }
        steps = plan.get().steps();
        next = 0;
        runNextStep();
    }

    // ---- responses ----

    /** A response on one branch. */
    synchronized void onResponse(Branch branch, Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            branch.provisional = true;
            sendWantedCancel(branch);
            if (status > 100 && !answered && !finalSent) {
                forward(driver.toCaller(this, branch, response)); // 180/183 (early media) from each ringing phone
            }
            return; // a 180 after the 200 is dropped
        }
        branch.finished = true;
        branch.status = status;
        if (status < 300) {
            if (!answered) {
                answered = true;
                cancelTimer();
                endAnnouncement();
                LOG.debug("call {} answered by {}", callId, branch.target);
                driver.answered(this, branch, response);
                for (Branch other : branches) {
                    if (other != branch) {
                        cancel(other);
                    }
                }
            }
            if (!finalSent) {
                finalSent = true;
                forward(driver.toCaller(this, branch, response));
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
            for (Branch b : branches) {
                cancel(b);
            }
            steps = List.of();
            sendFinal(null);
            return;
        }
        if (best == null || rank(response) < rank(best)) {
            best = response;
        }
        if (branch.step == step && stepFinished()) {
            runNextStep();
        }
    }

    /** The branch's transaction timed out or could not be sent. */
    synchronized void onBranchFailed(Branch branch, int status) {
        if (branch.finished) {
            return;
        }
        branch.finished = true;
        branch.status = status;
        if (!answered && !finalSent && branch.step == step && stepFinished()) {
            runNextStep();
        }
    }

    /** The caller cancelled: 487 to the caller now, CANCEL to every pending branch. */
    synchronized void cancelByCaller() {
        if (answered || finalSent) {
            return;
        }
        cancelled = true;
        cancelTimer();
        endAnnouncement();
        for (Branch b : branches) {
            cancel(b);
        }
        finalSent = true;
        driver.abandoned(this, Response.REQUEST_TERMINATED, "Request Terminated", true);
        respond(Response.REQUEST_TERMINATED, null);
    }

    private boolean stepFinished() {
        for (Branch b : branches) {
            if (b.step == step && !b.finished) {
                return false;
            }
        }
        return true;
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

    /** The end of the plan: a hang-up's status, the best response heard, or 480 when no one answered in time. */
    private void sendFinal(HangUpReason reason) {
        if (finalSent) {
            return;
        }
        finalSent = true;
        cancelTimer();
        endAnnouncement();
        if (cancelled) {
            return;
        }
        if (reason != null) {
            driver.abandoned(this, status(reason), reasonPhrase(reason), false);
            respond(status(reason), reasonPhrase(reason));
        } else if (best != null && !stepTimedOut) {
            driver.abandoned(this, best.getStatusCode(), best.getReasonPhrase(), false);
            forward(best);
        } else {
            driver.abandoned(this, Response.TEMPORARILY_UNAVAILABLE, "No Answer", false);
            respond(Response.TEMPORARILY_UNAVAILABLE, "No Answer");
        }
    }

    static int status(HangUpReason reason) {
        return switch (reason) {
            case BUSY, DO_NOT_DISTURB, QUEUE_FULL -> Response.BUSY_HERE;
            case CLOSED, NO_ANSWER, NOT_REACHABLE -> Response.TEMPORARILY_UNAVAILABLE;
            case FORWARD_LOOP -> Response.LOOP_DETECTED;
            case FORWARD_TOO_DEEP -> Response.TOO_MANY_HOPS;
            case UNKNOWN_TARGET -> Response.NOT_FOUND;
        };
    }

    private static String reasonPhrase(HangUpReason reason) {
        return switch (reason) {
            case BUSY -> "Busy Here";
            case DO_NOT_DISTURB -> "Busy Here (do not disturb)";
            case QUEUE_FULL -> "Busy Here (queue full)";
            case CLOSED -> "Temporarily Unavailable (closed)";
            case NO_ANSWER -> "Temporarily Unavailable (no answer)";
            case NOT_REACHABLE -> "Temporarily Unavailable (not reachable)";
            case FORWARD_LOOP -> "Loop Detected";
            case FORWARD_TOO_DEEP -> "Too Many Hops";
            case UNKNOWN_TARGET -> "Not Found";
        };
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
            if (earlyTag != null) {
                ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(earlyTag);
            }
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            server.sendResponse(r);
        } catch (Exception e) {
            LOG.debug("call {}: cannot send {}: {}", callId, status, e.getMessage());
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
