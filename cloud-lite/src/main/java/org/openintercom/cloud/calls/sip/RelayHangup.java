package org.openintercom.cloud.calls.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An answered call the relay may have to end itself (the talk limit): what it needs to send a BYE into each side of
 * the dialog as if it were the other party (RFC 3261 §12.2.1.1) — the caller's INVITE, the callee's 2xx, the route set
 * on each side of the relay, and the highest CSeq each side has used so far.
 */
final class RelayHangup {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHangup.class);

    private final Request invite;
    private final Response answer;
    private final AtomicLong callerCseq;
    private final AtomicLong calleeCseq = new AtomicLong();

    RelayHangup(Request invite, Response answer) {
        this.invite = invite;
        this.answer = answer;
        this.callerCseq = new AtomicLong(((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber());
    }

    /** Notes the CSeq of a request one side sent inside the dialog (ours must be higher). */
    void saw(boolean fromCaller, long cseq) {
        (fromCaller ? callerCseq : calleeCseq).accumulateAndGet(cseq, Math::max);
    }

    /** Sends BYE to the callee and to the caller; failures are logged, the call is over for the relay either way. */
    void hangUpBoth(SipContext ctx) {
        send(ctx, toCallee(ctx), "callee");
        send(ctx, toCaller(ctx), "caller");
    }

    private Request toCallee(SipContext ctx) {
        try {
            URI target = contactOf(answer);
            return bye(ctx, target, routes(ctx, true), (FromHeader) invite.getHeader(FromHeader.NAME).clone(),
                    (ToHeader) answer.getHeader(ToHeader.NAME).clone(), callerCseq.incrementAndGet());
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            LOG.debug("cannot make the BYE to the callee: {}", e.getMessage());
            return null;
        }
    }

    private Request toCaller(SipContext ctx) {
        try {
            URI target = contactOf(invite);
            ToHeader calleeTo = (ToHeader) answer.getHeader(ToHeader.NAME);
            FromHeader caller = (FromHeader) invite.getHeader(FromHeader.NAME);
            FromHeader from = ctx.headers.createFromHeader(calleeTo.getAddress(), calleeTo.getTag());
            ToHeader to = ctx.headers.createToHeader(caller.getAddress(), caller.getTag());
            long cseq = calleeCseq.get() == 0 ? 1 : calleeCseq.incrementAndGet();
            return bye(ctx, target, routes(ctx, false), from, to, cseq);
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            LOG.debug("cannot make the BYE to the caller: {}", e.getMessage());
            return null;
        }
    }

    private Request bye(SipContext ctx, URI target, List<Address> routes, FromHeader from, ToHeader to, long cseq)
            throws ParseException, InvalidArgumentException, SipException {
        CallIdHeader callId = (CallIdHeader) invite.getHeader(CallIdHeader.NAME).clone();
        Request bye = ctx.messages.createRequest((URI) target.clone(), Request.BYE, callId,
                ctx.headers.createCSeqHeader(cseq, Request.BYE), from, to, new ArrayList<ViaHeader>(),
                ctx.headers.createMaxForwardsHeader(70));
        for (Address route : routes) {
            bye.addLast(ctx.headers.createRouteHeader(route));
        }
        String transport = SipContext.nextHopTransport(bye);
        bye.addFirst(ctx.via(transport));
        return bye;
    }

    private static URI contactOf(javax.sip.message.Message message) {
        ContactHeader contact = (ContactHeader) message.getHeader(ContactHeader.NAME);
        if (contact == null) {
            throw new IllegalStateException("no Contact to send the BYE to");
        }
        return contact.getAddress().getURI();
    }

    /**
     * The route set from the relay to one side: the Record-Route entries above the relay's own, reversed (the
     * callee's side), or those below it in order (the caller's side).
     */
    private List<Address> routes(SipContext ctx, boolean towardsCallee) {
        List<Address> all = new ArrayList<>();
        for (Iterator<?> it = answer.getHeaders(RecordRouteHeader.NAME); it.hasNext();) {
            all.add((Address) ((RecordRouteHeader) it.next()).getAddress().clone());
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < all.size(); i++) {
            if (ctx.isUs(all.get(i).getURI())) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return List.of();
        }
        if (towardsCallee) {
            List<Address> above = new ArrayList<>(all.subList(0, first));
            Collections.reverse(above);
            return above;
        }
        return new ArrayList<>(all.subList(last + 1, all.size()));
    }

    private static void send(SipContext ctx, Request bye, String side) {
        if (bye == null) {
            return;
        }
        try {
            ClientTransaction ct = ctx.provider(SipContext.nextHopTransport(bye)).getNewClientTransaction(bye);
            ct.sendRequest();
        } catch (SipException | RuntimeException e) {
            LOG.debug("cannot send the BYE to the {}: {}", side, e.getMessage());
        }
    }
}
