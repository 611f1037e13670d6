package org.openintercom.cloud.calls.sip;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
import org.openintercom.cloud.calls.announce.Announcement;
import org.openintercom.cloud.calls.announce.Announcer;
import org.openintercom.cloud.calls.announce.Clip;
import org.openintercom.cloud.calls.routing.CallRequest;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.RingTarget;
import org.openintercom.cloud.calls.routing.RoutingPlan;
import org.openintercom.cloud.calls.routing.RoutingStep;
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
    private final RoutingDirectory directory;
    private final CallRouter router;
    private final Presence presence = new Presence();
    private final RelayRoutingContext routing;
    private final ProxyCall.Driver driver = new Driver();
    /** INVITEs being routed, by Call-ID and the caller's branch (what a CANCEL carries too). */
    private final Map<String, ProxyCall> calls = new ConcurrentHashMap<>();

    private final MediaAnchor media;
    private final Announcer announcer;
    private final CallObserver observer;
    /** Answered calls by Call-ID, until their BYE (or until the relay ends them). */
    private final Map<String, Connected> connected = new ConcurrentHashMap<>();

    Proxy(SipContext ctx, ScheduledExecutorService timers, RoutingDirectory directory, CallRouter router,
            MediaAnchor media, Announcer announcer, CallObserver observer) {
        this.ctx = ctx;
        this.media = media;
        this.announcer = announcer;
        this.observer = observer;
        this.timers = timers;
        this.directory = directory;
        this.router = router;
        this.routing = new RelayRoutingContext(directory, ctx.accounts, ctx.location, presence);
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
        Optional<String> certified = ctx.certifiedPeer(st);
        String caller = certified.orElse(null);
        if (!trusted && certified.isEmpty()) {
            Optional<String> user = authenticated(event, st);
            if (user.isEmpty()) {
                return;
            }
            caller = user.get();
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
        try {
            if (!ctx.decrementMaxForwards(fork)) {
                ctx.respond(event, st, Response.TOO_MANY_HOPS, null);
                return;
            }
        } catch (InvalidArgumentException e) {
            ctx.respond(event, st, Response.BAD_REQUEST, "Bad Max-Forwards");
            return;
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        Optional<RoutingPlan> plan = plan(callId, user);
        if (plan.isEmpty()) {
            boolean known = ctx.accounts.find(user).isPresent();
            ctx.respond(event, st, known ? Response.TEMPORARILY_UNAVAILABLE : Response.NOT_FOUND,
                    known ? "Not Registered" : null);
            return;
        }
        String key = key(request);
        if (calls.containsKey(key)) {
            return; // a retransmission racing the first copy
        }
        Optional<MediaAnchor.Refusal> refused = media.anchorOffer(callId, request, fork, SipContext.sourceHost(event));
        if (refused.isPresent()) {
            ctx.respond(event, st, refused.get().status(), refused.get().reason());
            return;
        }
        ProxyCall call = new ProxyCall(key, callId, ctx, st, request, fork, (SipProvider) event.getSource(), driver,
                plan.get());
        if (calls.putIfAbsent(key, call) != null) {
            return; // a retransmission racing the first copy
        }
        st.setApplicationData(call);
        LOG.debug("call {} for {}: {}", callId, user, call.routing());
        javax.sip.header.FromHeader from = (javax.sip.header.FromHeader) request.getHeader(
                javax.sip.header.FromHeader.NAME);
        observer.started(callId, caller, from.getAddress().getDisplayName(), from.getAddress().getURI().toString(),
                user, call.destination.type() == Destination.Type.GROUP ? "GROUP" : "USER", call.routing(),
                ctx.config.clock().instant());
        call.start();
    }

    /**
     * The plan for a call to {@code name}: a ring group's or a user's rules when the directory has them, otherwise
     * the registered contacts of the SIP user (empty when there are none).
     */
    private Optional<RoutingPlan> plan(String callId, String name) {
        Instant now = ctx.config.clock().instant();
        if (directory.group(name).isPresent()) {
            return Optional.of(router.route(new CallRequest(callId, Destination.group(name), now), routing));
        }
        if (directory.user(name).isPresent()) {
            return Optional.of(router.route(new CallRequest(callId, Destination.user(name), now), routing));
        }
        List<Binding> contacts = ctx.location.lookup(name);
        if (contacts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RoutingPlan(callId, Destination.user(name), now, List.of(new RoutingStep.Ring(
                List.of(RingTarget.user(name)), ctx.config.ringTimeout(), true,
                "the registered contacts of " + name))));
    }

    /** Sends one branch; false when it could not be sent. */
    private boolean send(ProxyCall call, Branch branch) {
        String contact = branch.target;
        try {
            Request out = (Request) call.fork().clone();
            URI target = ctx.addresses.createURI(contact);
            out.setRequestURI(target);
            String transport = SipContext.transportOf(target);
            if (!ctx.providers.containsKey(transport)) {
                throw new SipException("the relay does not listen on " + transport);
            }
            String arrival = SipContext.arrivalTransport(call.fork());
            // double Record-Route when the two sides use different transports (RFC 5658)
            if (!transport.equals(arrival) && ctx.providers.containsKey(arrival)) {
                out.addFirst(ctx.recordRoute(arrival));
            }
            out.addFirst(ctx.recordRoute(transport));
            out.addFirst(ctx.via(transport));
            ClientTransaction ct = ctx.provider(transport).getNewClientTransaction(out);
            ct.setApplicationData(branch);
            branch.transaction = ct;
            ct.sendRequest();
            return true;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: cannot send to {}: {}", call.callId, contact, e.getMessage());
            return false;
        }
    }

    /** The proxy's side of a call's routing: sending, contacts, re-routing, presence, queues. */
    private final class Driver implements ProxyCall.Driver {

        @Override
        public boolean send(ProxyCall call, Branch branch) {
            return Proxy.this.send(call, branch);
        }

        @Override
        public List<String> contacts(RingTarget target) {
            if (target.kind() == RingTarget.Kind.USER) {
                return ctx.location.lookup(target.value()).stream().map(Binding::contact).toList();
            }
            try {
                URI uri = ctx.addresses.createURI(target.value());
                if (uri instanceof SipURI sip && sip.getUser() != null && ctx.isOurDomain(uri)) {
                    return ctx.location.lookup(sip.getUser()).stream().map(Binding::contact).toList();
                }
                return List.of(target.value());
            } catch (ParseException e) {
                LOG.debug("not a URI to ring: {}", target.value());
                return List.of();
            }
        }

        @Override
        public Optional<RoutingPlan> reroute(ProxyCall call) {
            return Optional.of(router.route(new CallRequest(call.callId, call.destination,
                    ctx.config.clock().instant()), routing));
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
            return timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void answered(ProxyCall call, Branch branch, Response answer) {
            connected.put(call.callId, new Connected(((javax.sip.header.FromHeader) call.fork().getHeader(
                    javax.sip.header.FromHeader.NAME)).getTag(), new RelayHangup(call.request(), answer),
                    ctx.config.talkLimit().map(limit -> timers.schedule(() -> endByRelay(call.callId, true),
                            limit.toMillis(), TimeUnit.MILLISECONDS)).orElse(null)));
            observer.answered(call.callId, branch.user != null ? branch.user : branch.target,
                    ctx.config.clock().instant());
            if (branch.user == null) {
                return;
            }
            presence.answered(call.callId, branch.user);
            if (call.destination.type() == Destination.Type.GROUP) {
                directory.group(call.destination.value()).ifPresent(g -> presence.countAnswer(g.id(), branch.user,
                        LocalDate.ofInstant(ctx.config.clock().instant(), g.zone())));
            }
        }

        @Override
        public Response toCaller(ProxyCall call, Branch branch, Response response) {
            return media.fromCallee(call.callId, response, hostOf(branch.target), response.getStatusCode() >= 200);
        }

        @Override
        public Optional<Announcement> announce(ProxyCall call) {
            Request invite = call.request();
            javax.sip.header.ContentTypeHeader type = (javax.sip.header.ContentTypeHeader) invite.getHeader(
                    javax.sip.header.ContentTypeHeader.NAME);
            if (type == null || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
                return Optional.empty(); // an offer in the ACK: the relay has no answer to give in a 183
            }
            return announcer.answer(call.callId, invite.getRawContent());
        }

        @Override
        public Optional<Clip> message(String name) {
            return announcer.library().message(name);
        }

        @Override
        public Clip queuePosition(int position) {
            return announcer.library().queuePosition(position);
        }

        @Override
        public void rung(ProxyCall call, int wave, List<String> contacts) {
            observer.rung(call.callId, wave, contacts, ctx.config.clock().instant());
        }

        @Override
        public void abandoned(ProxyCall call, int status, String reason, boolean cancelledByCaller) {
            observer.unanswered(call.callId, status, reason, cancelledByCaller, ctx.config.clock().instant());
            media.end(call.callId);
            if (call.destination.type() == Destination.Type.GROUP) {
                directory.group(call.destination.value()).ifPresent(g -> routing.queue(g).remove(call.callId));
            }
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
            media.inDialog(ack, SipContext.sourceHost(event));
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
        String callId = ((CallIdHeader) event.getRequest().getHeader(CallIdHeader.NAME)).getCallId();
        boolean bye = Request.BYE.equals(event.getRequest().getMethod());
        Connected live = bye ? connected.remove(callId) : connected.get(callId);
        boolean byCaller = live != null && live.callerTag().equals(((javax.sip.header.FromHeader) event.getRequest()
                .getHeader(javax.sip.header.FromHeader.NAME)).getTag());
        if (live != null) {
            live.hangup().saw(byCaller, ((javax.sip.header.CSeqHeader) event.getRequest()
                    .getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber());
        }
        if (bye) {
            presence.ended(callId);
            media.end(callId);
            if (live != null) {
                live.stopLimit();
                observer.hungUp(callId, byCaller, ctx.config.clock().instant());
            }
        }
        Request out = (Request) event.getRequest().clone();
        boolean fromCaller = media.fromCaller(callId, out);
        media.inDialog(out, SipContext.sourceHost(event));
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
            ct.setApplicationData(new InDialog(st, fromCaller));
            ct.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot forward {} in a dialog: {}", out.getMethod(), e.getMessage());
            ctx.respond(event, st, Response.SERVICE_UNAVAILABLE, null);
        }
    }

    /** No media flowed through an answered call's relay session for the idle time: the relay ends the call. */
    void mediaIdle(String callId) {
        timers.execute(() -> endByRelay(callId, false));
    }

    /**
     * The relay ends an answered call itself (its talk limit is up, or its media stopped): BYE to both sides, the
     * media ports freed, the end recorded.
     */
    private void endByRelay(String callId, boolean talkLimit) {
        Connected live = connected.remove(callId);
        if (live == null) {
            return;
        }
        live.stopLimit();
        if (talkLimit) {
            LOG.debug("call {} reached the talk limit of {}; the relay ends it", callId,
                    ctx.config.talkLimit().orElseThrow());
        } else {
            LOG.info("call {}: no media through the relay for the idle time; the relay ends it", callId);
        }
        presence.ended(callId);
        media.end(callId);
        if (talkLimit) {
            observer.talkLimitReached(callId, ctx.config.clock().instant());
        } else {
            observer.mediaLost(callId, ctx.config.clock().instant());
        }
        live.hangup().hangUpBoth(ctx);
    }

    /**
     * An answered call until its BYE: the caller's From tag (which side hung up), how the relay would end it, and
     * its talk-limit timer (null without one).
     */
    private record Connected(String callerTag, RelayHangup hangup, ScheduledFuture<?> limit) {
        void stopLimit() {
            if (limit != null) {
                limit.cancel(false);
            }
        }
    }

    /** Answered calls still talking. */
    int callsConnected() {
        return connected.size();
    }

    /** A request forwarded inside a dialog: the caller-side transaction and who sent it. */
    private record InDialog(ServerTransaction server, boolean fromCaller) {
    }

    private static String hostOf(String uri) {
        int at = uri.indexOf('@');
        int start = at >= 0 ? at + 1 : uri.indexOf(':') + 1;
        int end = start;
        if (end < uri.length() && uri.charAt(end) == '[') {
            end = uri.indexOf(']', end) + 1;
        } else {
            while (end < uri.length() && ":;>?".indexOf(uri.charAt(end)) < 0) {
                end++;
            }
        }
        return uri.substring(start, Math.max(start, end));
    }

    static boolean inDialog(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    /** The SIP user the caller proved to be; answers 407/403 and is empty when it did not. */
    private Optional<String> authenticated(RequestEvent event, ServerTransaction st) {
        DigestAuth.Check check = ctx.auth.check(event.getRequest().getMethod(),
                ctx.credentials(event.getRequest(), true), ctx.accounts);
        return switch (check) {
            case DigestAuth.Check.Passed p -> Optional.of(p.username());
            case DigestAuth.Check.Missing m -> {
                ctx.respond(event, st, Response.PROXY_AUTHENTICATION_REQUIRED, null, ctx.challenge(true, false));
                yield Optional.empty();
            }
            case DigestAuth.Check.Stale s -> {
                ctx.respond(event, st, Response.PROXY_AUTHENTICATION_REQUIRED, null, ctx.challenge(true, true));
                yield Optional.empty();
            }
            case DigestAuth.Check.Failed f -> {
                ctx.respond(event, st, Response.FORBIDDEN, "Forbidden (" + f.reason() + ")");
                yield Optional.empty();
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
        } else if (owner instanceof InDialog d) {
            if (response.getStatusCode() == Response.TRYING) {
                return;
            }
            Response out = (Response) media.inDialogResponse(response, d.fromCaller(), null).clone();
            out.removeFirst(ViaHeader.NAME);
            try {
                d.server().sendResponse(out);
            } catch (SipException | InvalidArgumentException | RuntimeException e) {
                LOG.debug("cannot forward a {} in a dialog: {}", response.getStatusCode(), e.getMessage());
            }
        } else if (ct == null) {
            forwardStray(response);
        }
        // responses to our own CANCELs end here
    }

    /** A response no transaction claims (a retransmitted 2xx): stateless, when the top Via is the relay's. */
    void forwardStray(Response response) {
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
        } else if (owner instanceof InDialog d) {
            try {
                d.server().sendResponse(ctx.messages.createResponse(Response.REQUEST_TIMEOUT, d.server().getRequest()));
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
