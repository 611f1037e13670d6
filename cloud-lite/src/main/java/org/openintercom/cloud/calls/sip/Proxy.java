package org.openintercom.cloud.calls.sip;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction-stateful, record-routing proxy (RFC 3261 §16). A new INVITE is authenticated (digest, 407;
 * trusted sources pass), its target looked up in the {@link Location} and forked to every registered contact
 * ({@link ProxyCall}); requests inside a dialog follow the route set the relay record-routed itself into; the
 * ACK of a 2xx is forwarded statelessly. A user with no registered contact gets 480, an unknown one 404.
 */
final class Proxy {

    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

    private final SipContext ctx;
    private final ScheduledExecutorService timers;
    /** INVITEs being forked, by Call-ID and the caller's branch (what a CANCEL carries too). */
    private final Map<String, ProxyCall> calls = new ConcurrentHashMap<>();

    Proxy(SipContext ctx, ScheduledExecutorService timers) {
        this.ctx = ctx;
        this.timers = timers;
    }

    /** Calls still ringing. */
    int callsInProgress() {
        int n = 0;
        for (ProxyCall c : calls.values()) {
            if (!c.finished()) {
                n++;
            }
        }
        return n;
    }

    /** Forgets calls that ended more than a transaction's lifetime ago (64 × T1: CANCEL retransmissions are over). */
    void sweep() {
        long now = System.nanoTime();
        calls.values().removeIf(c -> c.endedBefore(now - java.util.concurrent.TimeUnit.SECONDS.toNanos(32)));
    }

    // ---- requests ----

    void onInvite(RequestEvent event, boolean trusted) {
        ServerTransaction st = ctx.serverTransaction(event);
        if (st == null) {
            return;
        }
        Request request = event.getRequest();
        if (inDialog(request)) {
            forwardInDialog(event, st);
            return;
        }
        ctx.respond(event, st, Response.TRYING, null);
        if (!trusted && ctx.certifiedPeer(st).isEmpty() && !authenticated(event, st)) {
            return;
        }
        Request fork = (Request) request.clone();
        ctx.popOurRoutes(fork);
        if (fork.getHeader(RouteHeader.NAME) != null || !ctx.isOurDomain(fork.getRequestURI())) {
            ctx.respond(event, st, Response.FORBIDDEN, "Relaying Denied");
            return;
        }
        String user = ((SipURI) fork.getRequestURI()).getUser();
        if (user == null) {
            ctx.respond(event, st, Response.NOT_FOUND, null);
            return;
        }
        List<Binding> contacts = ctx.location.lookup(user);
        if (contacts.isEmpty()) {
            boolean known = ctx.accounts.find(user).isPresent();
            ctx.respond(event, st, known ? Response.TEMPORARILY_UNAVAILABLE : Response.NOT_FOUND,
                    known ? "Not Registered" : null);
            return;
        }
        try {
            if (!ctx.decrementMaxForwards(fork)) {
                ctx.respond(event, st, Response.TOO_MANY_HOPS, null);
                return;
            }
        } catch (InvalidArgumentException e) {
            ctx.respond(event, st, Response.BAD_REQUEST, "Bad Max-Forwards");
            return;
        }
        String key = key(request);
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        ProxyCall call = new ProxyCall(key, callId, ctx, st, request, (SipProvider) event.getSource());
        if (calls.putIfAbsent(key, call) != null) {
            return; // a retransmission racing the first copy
        }
        st.setApplicationData(call);
        String arrival = SipContext.arrivalTransport(request);
        int sent = 0;
        for (Binding b : contacts) {
            if (send(call, fork, b.contact(), arrival)) {
                sent++;
            }
        }
        LOG.debug("call {} for {} forked to {} of {} contacts", callId, user, sent, contacts.size());
        call.ringTimer(timers.schedule(call::ringTimeout, ctx.config.ringTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        if (sent == 0) {
            call.ringTimeout();
        }
    }

    /** Sends one branch of {@code call} to {@code contact}; false when it could not be sent. */
    private boolean send(ProxyCall call, Request fork, String contact, String arrival) {
        Branch branch = call.newBranch(contact);
        try {
            Request out = (Request) fork.clone();
            URI target = ctx.addresses.createURI(contact);
            out.setRequestURI(target);
            String transport = SipContext.transportOf(target);
            if (!ctx.providers.containsKey(transport)) {
                throw new SipException("the relay does not listen on " + transport);
            }
            // double Record-Route when the two sides use different transports (RFC 5658)
            if (!transport.equals(arrival) && ctx.providers.containsKey(arrival)) {
                out.addFirst(ctx.recordRoute(arrival));
            }
            out.addFirst(ctx.recordRoute(transport));
            out.addFirst(ctx.via(transport));
            ClientTransaction ct = ctx.provider(transport).getNewClientTransaction(out);
            ct.setApplicationData(branch);
            synchronized (call) {
                branch.transaction = ct;
            }
            ct.sendRequest();
            return true;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: cannot send to {}: {}", call.callId, contact, e.getMessage());
            call.onBranchFailed(branch, Response.SERVICE_UNAVAILABLE);
            return false;
        }
    }

    void onCancel(RequestEvent event) {
        ServerTransaction st = ctx.serverTransaction(event);
        ProxyCall call = calls.get(key(event.getRequest()));
        if (call == null) {
            ctx.respond(event, st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        ctx.respond(event, st, Response.OK, null);
        call.cancelByCaller();
    }

    void onAck(RequestEvent event) {
        Request ack = (Request) event.getRequest().clone();
        ctx.popOurRoutes(ack);
        try {
            if (!ctx.decrementMaxForwards(ack)) {
                return;
            }
            String transport = SipContext.nextHopTransport(ack);
            ViaHeader via = ctx.via(transport);
            via.setBranch("z9hG4bK-oi-" + UUID.randomUUID());
            ack.addFirst(via);
            ctx.provider(transport).sendRequest(ack);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot forward an ACK: {}", e.getMessage());
        }
    }

    /** BYE, re-INVITE, INFO, UPDATE, ... inside a dialog the relay record-routed: along the route set. */
    void onInDialog(RequestEvent event) {
        ServerTransaction st = ctx.serverTransaction(event);
        if (st == null) {
            return;
        }
        forwardInDialog(event, st);
    }

    private void forwardInDialog(RequestEvent event, ServerTransaction st) {
        Request out = (Request) event.getRequest().clone();
        ctx.popOurRoutes(out);
        if (out.getHeader(RouteHeader.NAME) == null && ctx.isUs(out.getRequestURI())) {
            ctx.respond(event, st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        try {
            if (!ctx.decrementMaxForwards(out)) {
                ctx.respond(event, st, Response.TOO_MANY_HOPS, null);
                return;
            }
            String transport = SipContext.nextHopTransport(out);
            out.addFirst(ctx.via(transport));
            ClientTransaction ct = ctx.provider(transport).getNewClientTransaction(out);
            ct.setApplicationData(st);
            ct.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot forward {} in a dialog: {}", out.getMethod(), e.getMessage());
            ctx.respond(event, st, Response.SERVICE_UNAVAILABLE, null);
        }
    }

    static boolean inDialog(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    /** Whether the caller proved who it is; answers 407/403 when not. */
    private boolean authenticated(RequestEvent event, ServerTransaction st) {
        DigestAuth.Check check = ctx.auth.check(event.getRequest().getMethod(),
                ctx.credentials(event.getRequest(), true), ctx.accounts);
        return switch (check) {
            case DigestAuth.Check.Passed p -> true;
            case DigestAuth.Check.Missing m -> {
                ctx.respond(event, st, Response.PROXY_AUTHENTICATION_REQUIRED, null, ctx.challenge(true, false));
                yield false;
            }
            case DigestAuth.Check.Stale s -> {
                ctx.respond(event, st, Response.PROXY_AUTHENTICATION_REQUIRED, null, ctx.challenge(true, true));
                yield false;
            }
            case DigestAuth.Check.Failed f -> {
                ctx.respond(event, st, Response.FORBIDDEN, "Forbidden (" + f.reason() + ")");
                yield false;
            }
        };
    }

    private static String key(Request request) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return callId + "|" + (via == null ? "" : via.getBranch());
    }

    // ---- responses and timeouts ----

    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction ct = event.getClientTransaction();
        Object owner = ct == null ? null : ct.getApplicationData();
        if (owner instanceof Branch b) {
            b.call.onResponse(b, response);
        } else if (owner instanceof ServerTransaction st) {
            if (response.getStatusCode() == Response.TRYING) {
                return;
            }
            Response out = (Response) response.clone();
            out.removeFirst(ViaHeader.NAME);
            try {
                st.sendResponse(out);
            } catch (SipException | InvalidArgumentException | RuntimeException e) {
                LOG.debug("cannot forward a {} in a dialog: {}", response.getStatusCode(), e.getMessage());
            }
        } else if (ct == null) {
            forwardStray(response);
        }
        // responses to our own CANCELs end here
    }

    /** A response no transaction claims (a retransmitted 2xx): stateless, when the top Via is the relay's. */
    private void forwardStray(Response response) {
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || !top.getHost().equalsIgnoreCase(ctx.config.advertisedHost())) {
            return;
        }
        Response out = (Response) response.clone();
        out.removeFirst(ViaHeader.NAME);
        ViaHeader next = (ViaHeader) out.getHeader(ViaHeader.NAME);
        if (next == null) {
            return;
        }
        try {
            ctx.provider(next.getTransport()).sendResponse(out);
        } catch (SipException | RuntimeException e) {
            LOG.debug("cannot forward a stray {}: {}", response.getStatusCode(), e.getMessage());
        }
    }

    void onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        Object owner = event.getClientTransaction().getApplicationData();
        if (owner instanceof Branch b) {
            b.call.onBranchFailed(b, Response.REQUEST_TIMEOUT);
        } else if (owner instanceof ServerTransaction st) {
            try {
                st.sendResponse(ctx.messages.createResponse(Response.REQUEST_TIMEOUT, st.getRequest()));
            } catch (Exception e) {
                LOG.debug("cannot answer 408 in a dialog: {}", e.getMessage());
            }
        }
    }

    /** The caller's INVITE transaction is over: forget the call. */
    void onServerTransactionEnded(ServerTransaction st) {
        if (st != null && st.getApplicationData() instanceof ProxyCall call) {
            calls.remove(call.key, call);
        }
    }
}
