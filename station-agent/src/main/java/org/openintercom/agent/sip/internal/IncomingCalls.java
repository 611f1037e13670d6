package org.openintercom.agent.sip.internal;

import gov.nist.javax.sip.TransactionExt;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.agent.sdp.Negotiation;
import org.openintercom.agent.sdp.SdpException;
import org.openintercom.agent.sdp.SdpParser;
import org.openintercom.agent.sdp.SessionDescription;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.IncomingCall;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAS half of the engine: takes INVITEs (100, 180, then 200/486/603/487), CANCEL, ACK, BYE, INFO DTMF and
 * re-INVITEs for the calls offered to us, answering with our SDP or refusing unusable offers.
 */
final class IncomingCalls {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingCalls.class);

    private final CallContext ctx;
    private final Responder responder;

    IncomingCalls(CallContext ctx, Responder responder) {
        this.ctx = ctx;
        this.responder = responder;
    }

    /** Same top Via branch and CSeq as the INVITE that created {@code call}: a retransmission, not a new request. */
    private static boolean isRetransmission(Call call, Request invite) {
        if (call.inviteServer == null) {
            return false;
        }
        Request original = call.inviteServer.getRequest();
        javax.sip.header.ViaHeader via = (javax.sip.header.ViaHeader) invite.getHeader(javax.sip.header.ViaHeader.NAME);
        javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) invite.getHeader(
                javax.sip.header.CSeqHeader.NAME);
        javax.sip.header.CSeqHeader originalCseq = (javax.sip.header.CSeqHeader) original.getHeader(
                javax.sip.header.CSeqHeader.NAME);
        return via != null && via.getBranch() != null && via.getBranch().equals(call.inviteServer.getBranchId())
                && cseq != null && originalCseq != null && cseq.getSeqNumber() == originalCseq.getSeqNumber();
    }

    private static void terminateQuietly(ServerTransaction st) {
        if (st == null) {
            return;
        }
        try {
            st.terminate();
        } catch (javax.sip.ObjectInUseException | RuntimeException e) {
            LOG.debug("dropping the transaction of a retransmitted INVITE", e);
        }
    }

    /** Why the caller of a TLS INVITE may not ring, by the engine's {@link CallerCheck}; empty when it may. */
    private Optional<String> callerProblem(SipTransport transport, ServerTransaction st) {
        if (transport != SipTransport.TLS || ctx.config.callerCheck().isEmpty()) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate c : ((TransactionExt) st).getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
            return ctx.config.callerCheck().get().problem(chain);
        } catch (SSLPeerUnverifiedException | ClassCastException | UnsupportedOperationException e) {
            return Optional.of("no certificate shown (" + e.getMessage() + ")");
        }
    }

    /** A new INVITE (no To tag) on {@code provider}, its server transaction already created. */
    void onInvite(SipProvider provider, SipTransport transport, ServerTransaction st, Request invite) {
        String sipCallId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
        Call existing = ctx.bySipCallId(sipCallId);
        if (existing != null) {
            if (isRetransmission(existing, invite)) {
                // RFC 6026: a retransmitted INVITE after our 2xx is absorbed; the 2xx keeps being retransmitted
                // until the ACK comes. The stack made a new transaction for it, which we drop.
                LOG.debug("retransmitted INVITE for {} absorbed", existing);
                terminateQuietly(st);
                return;
            }
            responder.respond(st, invite, 482, "a call with this Call-ID exists (loop or merged request)");
            return;
        }
        Optional<String> notAllowed = callerProblem(transport, st);
        if (notAllowed.isPresent()) {
            LOG.warn("call from {} refused: {}", invite.getHeader(FromHeader.NAME), notAllowed.get());
            responder.respond(st, invite, 403, "caller refused: " + notAllowed.get());
            return;
        }
        responder.send(st, ctx.messages.safe(() -> ctx.messages.response(Response.TRYING, invite, null, null)));
        String body = SipMessages.body(invite);
        ContentTypeHeader type = (ContentTypeHeader) invite.getHeader(ContentTypeHeader.NAME);
        boolean delayedOffer = body == null || body.isBlank();
        if (!delayedOffer && (type == null || !type.getContentType().equalsIgnoreCase("application")
                || !type.getContentSubType().equalsIgnoreCase("sdp"))) {
            responder.respond(st, invite, 415, "only application/sdp bodies are accepted");
            return;
        }
        SessionDescription offer = null;
        if (!delayedOffer) {
            try {
                offer = SdpParser.parse(body);
            } catch (SdpException e) {
                responder.respond(st, invite, 400, "bad SDP: " + e.getMessage());
                return;
            }
        }
        Call call = new Call("in-" + UUID.randomUUID(), sipCallId, false, transport, provider, CallState.RINGING);
        call.inviteServer = st;
        call.dialog = st.getDialog();
        call.localTag = SipMessages.newTag();
        try {
            call.media = ctx.config.mediaFactory().open(ctx.config.microphone(), ctx.config.speaker());
        } catch (RuntimeException e) {
            LOG.warn("No media for an incoming call: {}", e.getMessage());
            responder.respond(st, invite, 503, "no media port available");
            return;
        }
        boolean requireSrtp = transport.secure() || invite.getRequestURI().isSipURI()
                && ((javax.sip.address.SipURI) invite.getRequestURI()).isSecure();
        if (delayedOffer) {
            // RFC 3261 §13.2.1: our offer goes in the 200 OK, the answer comes in the ACK
            call.localSdp = ctx.negotiator.offer(ctx.mediaAddress, call.media.localPort(), requireSrtp);
            call.offerInAnswer = true;
        } else {
            Negotiation n;
            try {
                n = ctx.negotiator.answer(offer, ctx.mediaAddress, call.media.localPort(), requireSrtp);
            } catch (SdpException e) {
                n = new Negotiation.Refused(400, "bad SDP: " + e.getMessage());
            }
            if (n instanceof Negotiation.Refused refused) {
                ctx.closeMedia(call);
                responder.respond(st, invite, refused.sipStatus(), refused.reason());
                return;
            }
            Negotiation.Agreed agreed = (Negotiation.Agreed) n;
            call.localSdp = agreed.answer();
            call.mediaParameters = agreed.parameters();
        }
        ctx.add(call);
        responder.send(st, ctx.messages.safe(() -> ctx.messages.response(Response.RINGING, invite, call.localTag,
                transport)));
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        Address to = ((javax.sip.header.ToHeader) invite.getHeader("To")).getAddress();
        IncomingCall incoming = new IncomingCall(call.id, from.getAddress().getURI().toString(),
                Optional.ofNullable(from.getAddress().getDisplayName()).orElse(""), to.getURI().toString(), transport);
        LOG.debug("Incoming {} from {}", call, incoming.from());
        ctx.notify(() -> ctx.listener.onIncoming(incoming));
    }

    void answer(Call call) {
        if (call.state != CallState.RINGING) {
            return;
        }
        Request invite = call.inviteServer.getRequest();
        Response ok = ctx.messages.safe(() -> {
            Response r = ctx.messages.response(Response.OK, invite, call.localTag, call.transport);
            ctx.messages.setBody(r, "application", "sdp", call.localSdp.toString());
            return r;
        });
        if (responder.send(call.inviteServer, ok)) {
            call.state = CallState.ANSWERED;
            if (!call.offerInAnswer) {
                ctx.startMedia(call, call.mediaParameters);
            }
        } else {
            ctx.end(call, EndCause.UNREACHABLE, 0, "could not send 200 OK");
        }
    }

    /** Refuses a ringing call with {@code status} (486, 603 or 487) and ends it as our own hangup. */
    void refuse(Call call, int status) {
        if (call.state != CallState.RINGING) {
            return;
        }
        Request invite = call.inviteServer.getRequest();
        responder.send(call.inviteServer, ctx.messages.safe(() -> ctx.messages.response(status, invite,
                call.localTag, null)));
        ctx.end(call, EndCause.LOCAL_HANGUP, status, status == 487 ? "hung up before answering" : "rejected");
        ctx.forget(call);
    }

    void onAck(Call call, Request ack) {
        if (call.state == CallState.ANSWERED && call.offerInAnswer) {
            Negotiation n = readAnswerInAck(call, SipMessages.body(ack));
            if (n instanceof Negotiation.Refused refused) {
                ctx.sendInDialog(call, Request.BYE, null, null);
                ctx.end(call, EndCause.MEDIA_REFUSED, 0, refused.reason());
                return;
            }
            ctx.startMedia(call, ((Negotiation.Agreed) n).parameters());
        }
        if (call.state == CallState.ANSWERED) {
            call.state = CallState.CONNECTED;
            ctx.notify(() -> ctx.listener.onConnected(call.id, ctx.negotiated(call)));
        }
    }

    private Negotiation readAnswerInAck(Call call, String body) {
        if (body == null || body.isBlank()) {
            return new Negotiation.Refused(488, "the ACK carries no SDP answer to our offer");
        }
        try {
            return ctx.negotiator.readAnswer(call.localSdp, SdpParser.parse(body));
        } catch (SdpException e) {
            return new Negotiation.Refused(400, "bad SDP answer in the ACK: " + e.getMessage());
        }
    }

    /** CANCEL for one of our INVITEs: 200 for the CANCEL, 487 for the INVITE if still ringing. */
    void onCancel(Call call, ServerTransaction st, Request cancel) {
        responder.respond(st, cancel, 200, null);
        if (call.state == CallState.RINGING) {
            Request invite = call.inviteServer.getRequest();
            responder.send(call.inviteServer, ctx.messages.safe(() -> ctx.messages.response(
                    Response.REQUEST_TERMINATED, invite, call.localTag, null)));
            ctx.end(call, EndCause.REMOTE_CANCEL, 487, "caller cancelled");
            ctx.forget(call);
        }
    }

    /** BYE in one of our dialogs (incoming or outgoing call). */
    void onBye(Call call, ServerTransaction st, Request bye) {
        responder.respond(st, bye, 200, null);
        ctx.end(call, EndCause.REMOTE_HANGUP, 0, "remote hung up");
        ctx.forget(call);
    }

    /** INFO in one of our dialogs: DTMF bodies are reported, other bodies refused with 415. */
    void onInfo(Call call, ServerTransaction st, Request info) {
        ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
        String body = SipMessages.body(info);
        if (type == null || body == null) {
            responder.respond(st, info, 200, null); // an empty INFO is a keepalive
            return;
        }
        if (!type.getContentType().equalsIgnoreCase("application")) {
            responder.respond(st, info, 415, "INFO carries application/dtmf-relay or application/dtmf only");
            return;
        }
        Optional<Character> digit = DtmfInfo.parse(type.getContentSubType(), body);
        if (digit.isEmpty() && !type.getContentSubType().equalsIgnoreCase(DtmfInfo.RELAY_SUBTYPE)
                && !type.getContentSubType().equalsIgnoreCase(DtmfInfo.PLAIN_SUBTYPE)) {
            responder.respond(st, info, 415, "INFO carries application/dtmf-relay or application/dtmf only");
            return;
        }
        responder.respond(st, info, 200, null);
        if (digit.isPresent() && call.state == CallState.CONNECTED) {
            ctx.notify(() -> ctx.listener.onDtmf(call.id, digit.get(), DtmfMode.SIP_INFO));
        }
    }

    /** A re-INVITE while connected: answer with our current SDP and keep media as it is. */
    void onReInvite(Call call, ServerTransaction st, Request reInvite) {
        if (call.state != CallState.CONNECTED || call.localSdp == null) {
            responder.respond(st, reInvite, 491, "a call setup is still in progress");
            return;
        }
        SipTransport transport = call.transport;
        Response ok = ctx.messages.safe(() -> {
            Response r = ctx.messages.response(Response.OK, reInvite, null, transport);
            ctx.messages.setBody(r, "application", "sdp", call.localSdp.toString());
            return r;
        });
        responder.send(st, ok);
    }
}
