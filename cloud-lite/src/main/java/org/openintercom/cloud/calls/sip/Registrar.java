package org.openintercom.cloud.calls.sip;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar (RFC 3261 §10): authenticates a REGISTER with digest (401 challenge; 403 for a wrong password or
 * for registering someone else's address), then adds, refreshes or removes the contacts of the address of
 * record in the {@link Location} and answers 200 with every live contact. Intervals below the minimum get 423
 * with Min-Expires; longer ones are cut to the maximum.
 */
final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private static final int DEFAULT_EXPIRES = 3600;

    private final SipContext ctx;

    Registrar(SipContext ctx) {
        this.ctx = ctx;
    }

    /** Handles a REGISTER; one from a trusted source needs no digest. */
    void onRegister(RequestEvent event, boolean trusted) {
        ServerTransaction st = ctx.serverTransaction(event);
        if (st == null) {
            return;
        }
        Request request = event.getRequest();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        URI toUri = to.getAddress().getURI();
        if (!(toUri instanceof SipURI toSip) || toSip.getUser() == null || !ctx.isOurDomain(toUri)) {
            ctx.respond(event, st, Response.NOT_FOUND, "Not a user of this domain");
            return;
        }
        String aor = toSip.getUser();
        java.util.Optional<String> certified = ctx.certifiedPeer(st);
        DigestAuth.Check check = trusted ? new DigestAuth.Check.Passed(aor)
                : certified.isPresent() ? new DigestAuth.Check.Passed(certified.get())
                : ctx.auth.check(Request.REGISTER, ctx.credentials(request, false), ctx.accounts);
        switch (check) {
            case DigestAuth.Check.Missing m -> {
                ctx.respond(event, st, Response.UNAUTHORIZED, null, ctx.challenge(false, false));
                return;
            }
            case DigestAuth.Check.Stale s -> {
                ctx.respond(event, st, Response.UNAUTHORIZED, null, ctx.challenge(false, true));
                return;
            }
            case DigestAuth.Check.Failed f -> {
                LOG.debug("REGISTER for {} from {} refused: {}", aor, SipContext.source(event), f.reason());
                ctx.respond(event, st, Response.FORBIDDEN, "Forbidden (" + f.reason() + ")");
                return;
            }
            case DigestAuth.Check.Passed p -> {
                if (!p.username().equals(aor)) {
                    ctx.respond(event, st, Response.FORBIDDEN, "Forbidden (" + p.username()
                            + " may not register " + aor + ")");
                    return;
                }
            }
        }
        try {
            register(event, st, request, aor);
        } catch (ParseException | InvalidArgumentException e) {
            ctx.respond(event, st, Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")");
        }
    }

    private void register(RequestEvent event, ServerTransaction st, Request request, String aor)
            throws ParseException, InvalidArgumentException {
        ExpiresHeader expiresHeader = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        int defaultExpires = expiresHeader != null ? expiresHeader.getExpires() : DEFAULT_EXPIRES;
        List<ContactHeader> contacts = new ArrayList<>();
        Iterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            contacts.add((ContactHeader) it.next());
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        for (ContactHeader c : contacts) {
            if (c.isWildCard()) {
                if (contacts.size() != 1 || defaultExpires != 0) {
                    ctx.respond(event, st, Response.BAD_REQUEST, "Bad Request (Contact: * needs Expires: 0 and no"
                            + " other contact)");
                    return;
                }
                ctx.location.removeAll(aor);
                LOG.debug("{} removed all its contacts", aor);
                answer(event, st, aor);
                return;
            }
        }
        long min = ctx.config.minExpires().toSeconds();
        for (ContactHeader c : contacts) {
            int expires = c.getExpires() >= 0 ? c.getExpires() : defaultExpires;
            if (expires > 0 && expires < min) {
                ctx.respond(event, st, Response.INTERVAL_TOO_BRIEF, null,
                        r -> r.addHeader(ctx.headers.createMinExpiresHeader((int) min)));
                return;
            }
        }
        Instant now = ctx.config.clock().instant();
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        String userAgent = ua == null ? null : String.join(" ", asStrings(ua.getProduct()));
        for (ContactHeader c : contacts) {
            int expires = c.getExpires() >= 0 ? c.getExpires() : defaultExpires;
            long granted = Math.min(expires, ctx.config.maxExpires().toSeconds());
            String contact = c.getAddress().getURI().toString();
            boolean applied = ctx.location.update(new Binding(aor, contact, SipContext.source(event),
                    SipContext.arrivalTransport(request), callId, cseq, now.plus(Duration.ofSeconds(granted)),
                    userAgent));
            if (applied) {
                LOG.debug("{} {} {} for {} s", aor, granted == 0 ? "removed" : "registered", contact, granted);
            }
        }
        answer(event, st, aor);
    }

    private static List<String> asStrings(Iterator<?> it) {
        List<String> out = new ArrayList<>();
        while (it != null && it.hasNext()) {
            out.add(String.valueOf(it.next()));
        }
        return out;
    }

    /** 200 OK listing every live contact with its remaining time. */
    private void answer(RequestEvent event, ServerTransaction st, String aor) {
        Instant now = ctx.config.clock().instant();
        List<Binding> live = ctx.location.lookup(aor);
        ctx.respond(event, st, Response.OK, null, r -> {
            for (Binding b : live) {
                ContactHeader h = ctx.headers.createContactHeader(
                        ctx.addresses.createAddress(ctx.addresses.createURI(b.contact())));
                h.setExpires((int) Math.max(0, Duration.between(now, b.expires()).toSeconds()));
                r.addHeader(h);
            }
            r.addHeader(ctx.headers.createDateHeader(java.util.Calendar.getInstance(
                    java.util.TimeZone.getTimeZone("GMT"))));
        });
    }
}
