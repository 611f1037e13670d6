package org.openintercom.agent.sip.internal;

import java.text.ParseException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.agent.sdp.Negotiation;
import org.openintercom.agent.sdp.SdpException;
import org.openintercom.agent.sdp.SdpParser;
import org.openintercom.agent.sdp.SessionDescription;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.ProgressKind;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAC half of the engine: sends INVITEs with an SDP offer, follows provisional and final responses, ACKs
 * 2xx, cancels unanswered calls (also when the 200 crosses the CANCEL) and reports progress and outcomes.
 */
final class OutgoingCalls {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingCalls.class);

    private final CallContext ctx;

    OutgoingCalls(CallContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The SIP Call-ID of a new call: the caller's own call id when it is unique enough (the agent's UUIDs), so the
     * station and the cloud (call history, the caller snapshot the station uploads) name the call alike; else one
     * from the stack.
     */
    private CallIdHeader sipCallId(SipProvider provider, String callId) {
        if (callId.length() >= 16) {
            try {
                return ctx.messages.headers.createCallIdHeader(callId);
            } catch (ParseException e) {
                LOG.debug("call id {} is not a SIP Call-ID; the stack makes one", callId);
            }
        }
        return provider.getNewCallId();
    }

    void dial(String callId, String targetUri) {
        if (ctx.idInUse(callId)) {
            LOG.warn("dial({}) ignored: a call with this id is still active", callId);
            return;
        }
        SipURI target;
        SipTransport transport;
        try {
            URI uri = ctx.messages.addresses.createURI(targetUri.trim());
            if (!(uri instanceof SipURI sip)) {
                throw new ParseException("not a sip: or sips: URI", 0);
            }
            target = sip;
            transport = transportOf(target);
        } catch (ParseException | IllegalArgumentException e) {
            failAtOnce(callId, "bad target URI '" + targetUri + "': " + e.getMessage());
            return;
        }
        SipProvider provider = ctx.providers.get(transport);
        if (provider == null) {
            failAtOnce(callId, "transport " + transport + " is not enabled on this station");
            return;
        }
        CallIdHeader sipCallId = sipCallId(provider, callId);
        Call call = new Call(callId, sipCallId.getCallId(), true, transport, provider, CallState.CALLING);
        ctx.add(call);
        try {
            call.media = ctx.config.mediaFactory().open(ctx.config.microphone(), ctx.config.speaker());
        } catch (RuntimeException e) {
            LOG.warn("No media for call {}: {}", callId, e.getMessage());
            ctx.end(call, EndCause.FAILED, 0, "no media: " + e.getMessage());
            ctx.forget(call);
            return;
        }
        try {
            call.localSdp = ctx.negotiator.offer(ctx.mediaAddress, call.media.localPort(),
                    transport.secure() || target.isSecure());
            Request invite = ctx.messages.invite(target, transport, sipCallId, SipMessages.newTag(),
                    call.localSdp.toString());
            ClientTransaction ct = provider.getNewClientTransaction(invite);
            call.invite = ct;
            call.dialog = ct.getDialog();
            ctx.send(ct::sendRequest, e -> {
                ctx.end(call, EndCause.UNREACHABLE, 0, "could not send INVITE to " + targetUri + ": " + e);
                ctx.forget(call);
            });
            LOG.debug("INVITE for {} to {} handed to the sender", call, target);
        } catch (Exception e) {
            ctx.end(call, EndCause.UNREACHABLE, 0, "could not send INVITE to " + targetUri + ": " + e);
            ctx.forget(call);
        }
    }

    private static SipTransport transportOf(SipURI target) {
        String param = target.getTransportParam();
        if (param == null) {
            return target.isSecure() ? SipTransport.TLS : SipTransport.UDP;
        }
        SipTransport t = SipTransport.valueOf(param.toUpperCase(java.util.Locale.ROOT));
        if (target.isSecure() && t != SipTransport.TLS) {
            throw new IllegalArgumentException("a sips: URI needs transport=tls, not " + param);
        }
        return t;
    }

    private void failAtOnce(String callId, String detail) {
        LOG.debug("dial({}) failed: {}", callId, detail);
        ctx.notify(() -> ctx.listener.onEnded(callId, new org.openintercom.agent.sip.CallEnd(EndCause.FAILED, 0,
                detail)));
    }

    /** A response to one of our INVITEs (possibly a retransmitted 2xx or a late 1xx). */
    void onInviteResponse(Call call, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            onProvisional(call, response);
        } else if (status < 300) {
            onSuccess(call, response, event.getDialog());
        } else {
            onFailure(call, response);
        }
    }

    private void onProvisional(Call call, Response response) {
        if (call.cancelPending && !call.cancelSent) {
            sendCancel(call);
        }
        if (call.state != CallState.CALLING && call.state != CallState.PROCEEDING) {
            LOG.debug("{}: late {} ignored", call, response.getStatusCode());
            return;
        }
        if (call.state == CallState.CALLING) {
            ctx.notify(() -> ctx.listener.onTrying(call.id));
        }
        call.state = CallState.PROCEEDING;
        int status = response.getStatusCode();
        if (status == 100) {
            return;
        }
        String body = SipMessages.body(response);
        if (body != null && !body.isBlank() && (status == 183 || status == 180)) {
            Negotiation n = readAnswer(call, body);
            if (n instanceof Negotiation.Agreed agreed) {
                ctx.startMedia(call, agreed.parameters());
                ctx.notify(() -> ctx.listener.onProgress(call.id, ProgressKind.EARLY_MEDIA));
                return;
            }
        }
        if (status == 180) {
            ctx.notify(() -> ctx.listener.onProgress(call.id, ProgressKind.RINGING));
        }
    }

    private void onSuccess(Call call, Response response, Dialog dialog) {
        Dialog d = dialog != null ? dialog : call.dialog;
        sendAck(d, response);
        if (call.state == CallState.CONNECTED) {
            return; // a retransmitted 200: the ACK above answers it
        }
        if (call.ended()) {
            LOG.debug("{}: 200 crossed our CANCEL; ACK then BYE", call);
            call.dialog = d;
            ctx.sendInDialog(call, Request.BYE, null, null);
            return;
        }
        call.dialog = d;
        Negotiation n = readAnswer(call, SipMessages.body(response));
        if (n instanceof Negotiation.Agreed agreed) {
            call.state = CallState.CONNECTED;
            call.localSdp = ctx.negotiator.agreedSubset(call.localSdp, agreed.parameters());
            ctx.startMedia(call, agreed.parameters());
            ctx.notify(() -> ctx.listener.onConnected(call.id, ctx.negotiated(call)));
        } else {
            String reason = n instanceof Negotiation.Refused r ? r.reason() : "no SDP answer";
            ctx.sendInDialog(call, Request.BYE, null, null);
            ctx.end(call, EndCause.MEDIA_REFUSED, response.getStatusCode(), reason);
        }
    }

    private void onFailure(Call call, Response response) {
        int status = response.getStatusCode();
        if (call.ended()) {
            ctx.forget(call); // e.g. the 487 that follows our CANCEL
            return;
        }
        ctx.end(call, EndCauses.forStatus(status), status, status + " " + response.getReasonPhrase());
        ctx.forget(call);
    }

    private Negotiation readAnswer(Call call, String body) {
        if (body == null || body.isBlank()) {
            return new Negotiation.Refused(488, "the answer has no SDP");
        }
        try {
            SessionDescription answer = SdpParser.parse(body);
            return ctx.negotiator.readAnswer(call.localSdp, answer);
        } catch (SdpException e) {
            return new Negotiation.Refused(488, "bad SDP answer: " + e.getMessage());
        }
    }

    private void sendAck(Dialog dialog, Response response) {
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = dialog.createAck(cseq);
            dialog.sendAck(ack);
        } catch (Exception e) {
            LOG.debug("Could not ACK {}: {}", response.getStatusCode(), e.toString());
        }
    }

    /** Hangs up an outgoing call that is not connected yet: CANCEL now, or on the first provisional. */
    void cancel(Call call) {
        boolean provisionalSeen = call.state == CallState.PROCEEDING;
        ctx.end(call, EndCause.LOCAL_HANGUP, 0, "cancelled");
        if (call.invite == null || call.cancelSent) {
            return;
        }
        if (provisionalSeen) {
            sendCancel(call);
        } else {
            call.cancelPending = true; // RFC 3261 §9.1: no CANCEL before a provisional response
        }
    }

    private void sendCancel(Call call) {
        call.cancelSent = true;
        try {
            ClientTransaction ct = call.provider.getNewClientTransaction(call.invite.createCancel());
            ctx.send(ct::sendRequest, e -> LOG.debug("Could not CANCEL {}: {}", call, e.toString()));
        } catch (Exception e) {
            LOG.debug("Could not CANCEL {}: {}", call, e.toString());
        }
    }

    /** Our INVITE got no answer at all. */
    void onTimeout(Call call) {
        ctx.end(call, EndCause.UNREACHABLE, 0, "no response (transaction timeout)");
        ctx.forget(call);
    }
}
