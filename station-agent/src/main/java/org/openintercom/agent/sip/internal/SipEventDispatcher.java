package org.openintercom.agent.sip.internal;

import java.util.Map;
import java.util.Set;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import gov.nist.javax.sip.header.Via;
import javax.sip.header.RequireHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP listener of an engine: creates server transactions on the stack thread, then moves every event
 * to the engine thread and routes it to the UAC or UAS half by method and Call-ID, and responses to REGISTER to
 * the registration client. Nothing a peer sends can
 * throw out of here: failures become a response or a log line.
 */
final class SipEventDispatcher implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(SipEventDispatcher.class);
    /** Methods we know but do not take (405 with Allow); other unknown methods get 501. */
    private static final Set<String> NOT_ALLOWED = Set.of("REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE",
            "REFER", "UPDATE", "PRACK");

    private final CallContext ctx;
    private final OutgoingCalls outgoing;
    private final IncomingCalls incoming;
    private final Responder responder;
    private final Map<SipProvider, SipTransport> transports;
    /** Null when no registration is configured. */
    private final RegistrationClient registrations;

    SipEventDispatcher(CallContext ctx, OutgoingCalls outgoing, IncomingCalls incoming, Responder responder,
            Map<SipProvider, SipTransport> transports, RegistrationClient registrations) {
        this.ctx = ctx;
        this.outgoing = outgoing;
        this.incoming = incoming;
        this.responder = responder;
        this.transports = transports;
        this.registrations = registrations;
    }

    @Override
    public void processRequest(RequestEvent event) {
        try {
            SipProvider provider = (SipProvider) event.getSource();
            Request request = event.getRequest();
            String method = request.getMethod();
            if (method.equals(Request.ACK)) {
                ctx.runOnEngineThread(() -> guarded("ACK", () -> onAck(request)));
                return;
            }
            String refusal = precheck(provider, request);
            if (refusal != null) {
                return;
            }
            if (method.equals(Request.OPTIONS)) {
                responder.respondStateless(provider, request, 200, null);
                return;
            }
            if (!isHandled(method)) {
                responder.respondStateless(provider, request, NOT_ALLOWED.contains(method) ? 405 : 501, null);
                return;
            }
            ServerTransaction st = event.getServerTransaction();
            if (st == null) {
                st = provider.getNewServerTransaction(request);
            }
            ServerTransaction tx = st;
            ctx.runOnEngineThread(() -> guarded(method, () -> route(provider, tx, request)));
        } catch (TransactionAlreadyExistsException e) {
            LOG.debug("Retransmission absorbed: {}", e.getMessage());
        } catch (Exception e) {
            LOG.debug("Dropped a request that could not be handled: {}", e.toString());
        }
    }

    /** Refuses requests we cannot take at all (RFC 3261 §8.2.1-8.2.2); returns null when the request may go on. */
    private String precheck(SipProvider provider, Request request) {
        // JAIN-SIP rewrites an unknown version in the request line to SIP/2.0 but keeps it in the Via
        if (request.getHeader(ViaHeader.NAME) instanceof Via v && v.getSentProtocol() != null
                && !"2.0".equals(v.getSentProtocol().getProtocolVersion())) {
            responder.respondStateless(provider, request, 505, "only SIP/2.0 is supported");
            return "505";
        }
        if (!(request.getRequestURI() instanceof SipURI)) {
            responder.respondStateless(provider, request, 416, "only sip: and sips: URIs are served here");
            return "416";
        }
        if (request.getHeader(RequireHeader.NAME) != null && !request.getMethod().equals(Request.CANCEL)) {
            Response response = ctx.messages.safe(() -> ctx.messages.response(420, request, SipMessages.newTag(),
                    null));
            request.getHeaders(RequireHeader.NAME).forEachRemaining(h -> {
                String option = ((RequireHeader) h).getOptionTag();
                response.addHeader(ctx.messages.safe(() -> ctx.messages.headers.createUnsupportedHeader(option)));
            });
            try {
                provider.sendResponse(response);
            } catch (Exception e) {
                LOG.debug("Could not send 420: {}", e.toString());
            }
            return "420";
        }
        return null;
    }

    private static boolean isHandled(String method) {
        return switch (method) {
            case Request.INVITE, Request.CANCEL, Request.BYE, Request.INFO -> true;
            default -> false;
        };
    }

    private void route(SipProvider provider, ServerTransaction st, Request request) {
        Call call = ctx.bySipCallId(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        String method = request.getMethod();
        boolean inDialog = ((javax.sip.header.ToHeader) request.getHeader("To")).getTag() != null;
        if (method.equals(Request.INVITE) && !inDialog) {
            incoming.onInvite(provider, transports.get(provider), st, request);
        } else if (call == null || call.ended() && !method.equals(Request.BYE)) {
            responder.respond(st, request, 481, null);
        } else {
            switch (method) {
                case Request.INVITE -> incoming.onReInvite(call, st, request);
                case Request.CANCEL -> incoming.onCancel(call, st, request);
                case Request.BYE -> {
                    if (call.ended()) {
                        responder.respond(st, request, 200, null); // BYE crossing ours
                    } else {
                        incoming.onBye(call, st, request);
                    }
                }
                case Request.INFO -> incoming.onInfo(call, st, request);
                default -> responder.respond(st, request, 501, null);
            }
        }
    }

    private void onAck(Request ack) {
        Call call = ctx.bySipCallId(((CallIdHeader) ack.getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null && !call.outgoing) {
            incoming.onAck(call, ack);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ctx.runOnEngineThread(() -> guarded("response", () -> {
            Response response = event.getResponse();
            String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
            if (method.equals(Request.REGISTER)) {
                if (registrations != null) {
                    registrations.onResponse(event);
                }
                return;
            }
            Call call = ctx.bySipCallId(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
            if (call == null || !call.outgoing && !method.equals(Request.BYE)) {
                return;
            }
            if (method.equals(Request.INVITE) && call.outgoing) {
                outgoing.onInviteResponse(call, event);
            } else if (method.equals(Request.BYE) && response.getStatusCode() >= 200) {
                ctx.forget(call);
            }
        }));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        ctx.runOnEngineThread(() -> guarded("timeout", () -> {
            Request request = event.isServerTransaction() ? event.getServerTransaction().getRequest()
                    : event.getClientTransaction().getRequest();
            if (!event.isServerTransaction() && request.getMethod().equals(Request.REGISTER)) {
                if (registrations != null) {
                    registrations.onTimeout(event.getClientTransaction());
                }
                return;
            }
            Call call = ctx.bySipCallId(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
            if (call == null) {
                return;
            }
            if (!event.isServerTransaction() && request.getMethod().equals(Request.INVITE)) {
                outgoing.onTimeout(call);
            } else if (event.isServerTransaction() && call.state == CallState.ANSWERED) {
                ctx.end(call, EndCause.UNREACHABLE, 0, "no ACK for our 200 OK");
                ctx.forget(call);
            } else if (request.getMethod().equals(Request.BYE)) {
                ctx.forget(call);
            }
        }));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        ctx.runOnEngineThread(() -> guarded("I/O error", () -> {
            LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
            if (registrations != null) {
                registrations.onTransportError(event.getHost(), event.getPort(), event.getTransport());
            }
            for (Call call : ctx.all()) {
                ClientTransaction ct = call.invite;
                if (call.outgoing && call.state == CallState.CALLING && ct != null
                        && ct.getRequest().getRequestURI() instanceof SipURI uri
                        && uri.getPort() == event.getPort()) {
                    ctx.end(call, EndCause.UNREACHABLE, 0, "transport failed towards " + event.getHost() + ":"
                            + event.getPort() + " (" + event.getTransport() + ")");
                    ctx.forget(call);
                }
            }
        }));
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing to do: calls end on responses, BYE, CANCEL or timeouts
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        String sipCallId = event.getDialog().getCallId().getCallId();
        ctx.runOnEngineThread(() -> guarded("dialog end", () -> {
            Call call = ctx.bySipCallId(sipCallId);
            if (call != null && (call.state == CallState.CONNECTED || call.state == CallState.ANSWERED)) {
                ctx.end(call, EndCause.UNREACHABLE, 0, "dialog terminated by the SIP stack (e.g. no ACK)");
            }
            if (call != null && call.ended()) {
                ctx.forget(call);
            }
        }));
    }

    private static void guarded(String what, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.warn("Handling {} failed; the engine carries on", what, e);
        }
    }
}
