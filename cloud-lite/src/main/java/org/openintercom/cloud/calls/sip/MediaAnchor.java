package org.openintercom.cloud.calls.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.cloud.calls.media.MediaPortsExhaustedException;
import org.openintercom.cloud.calls.media.MediaRelay;
import org.openintercom.cloud.calls.media.RelaySession;
import org.openintercom.cloud.calls.media.SdpFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the media relay into a call's path: the INVITE's offer is rewritten to point the callee at the relay's
 * callee leg, every 18x/2xx answer to point the caller at the caller leg, and later offers and answers inside the
 * dialog (re-INVITE, UPDATE, an ACK carrying the answer) the same way by direction (the caller's From tag tells
 * who sent it). The session ends with the call. Without a media relay every method leaves messages as they are.
 */
final class MediaAnchor {

    private static final Logger LOG = LoggerFactory.getLogger(MediaAnchor.class);

    /** Why an offer could not be anchored: the status and reason to refuse the INVITE with. */
    record Refusal(int status, String reason) {
    }

    private final MediaRelay relay;
    /** The caller's From tag of each anchored call (to tell the direction of in-dialog messages). */
    private final Map<String, String> callerTags = new ConcurrentHashMap<>();

    MediaAnchor(MediaRelay relay) {
        this.relay = relay;
    }

    boolean enabled() {
        return relay != null;
    }

    /** Opens the call's session and rewrites {@code fork}'s offer; a refusal when no ports are left or SDP is bad. */
    Optional<Refusal> anchorOffer(String callId, Request invite, Request fork, String sourceHost) {
        if (relay == null) {
            return Optional.empty();
        }
        RelaySession session;
        try {
            session = relay.open(callId);
        } catch (MediaPortsExhaustedException e) {
            LOG.warn("call {}: no media ports left: {}", callId, e.getMessage());
            return Optional.of(new Refusal(Response.SERVICE_UNAVAILABLE, "Service Unavailable (no media ports)"));
        } catch (IllegalStateException e) {
            return Optional.empty(); // already anchored (a retransmission)
        }
        callerTags.put(callId, ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag());
        if (isSdp(fork)) {
            try {
                fork.setContent(session.rewriteFromCaller(fork.getRawContent(), address(sourceHost)), contentType(fork));
            } catch (SdpFormatException e) {
                end(callId);
                return Optional.of(new Refusal(Response.BAD_REQUEST, "Bad Request (SDP: " + e.getMessage() + ")"));
            } catch (ParseException e) {
                end(callId);
                return Optional.of(new Refusal(Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")"));
            }
        }
        return Optional.empty();
    }

    /** A callee's response to the INVITE, its SDP pointed at the caller leg ({@code answer}: the 2xx). */
    Response fromCallee(String callId, Response response, String sourceHost, boolean answer) {
        Optional<RelaySession> session = relay == null ? Optional.empty() : relay.session(callId);
        if (session.isEmpty() || !isSdp(response)) {
            return response;
        }
        Response out = (Response) response.clone();
        try {
            out.setContent(session.get().rewriteFromCallee(response.getRawContent(), address(sourceHost), answer),
                    contentType(response));
        } catch (SdpFormatException | ParseException e) {
            LOG.debug("call {}: the callee's SDP is not relayed: {}", callId, e.getMessage());
            return response;
        }
        return out;
    }

    /** An in-dialog request with SDP (re-INVITE, UPDATE, ACK with the answer), rewritten by its direction. */
    void inDialog(Request request, String sourceHost) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        Optional<RelaySession> session = relay == null ? Optional.empty() : relay.session(callId);
        if (session.isEmpty() || !isSdp(request)) {
            return;
        }
        boolean fromCaller = fromCaller(callId, request);
        try {
            byte[] body = fromCaller ? session.get().rewriteFromCaller(request.getRawContent(), address(sourceHost))
                    : session.get().rewriteFromCallee(request.getRawContent(), address(sourceHost), false);
            request.setContent(body, contentType(request));
        } catch (SdpFormatException | ParseException e) {
            LOG.debug("call {}: in-dialog SDP is not relayed: {}", callId, e.getMessage());
        }
    }

    /** The response to an in-dialog request with SDP, rewritten for the side that sent the request. */
    Response inDialogResponse(Response response, boolean requestFromCaller, String sourceHost) {
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        Optional<RelaySession> session = relay == null ? Optional.empty() : relay.session(callId);
        if (session.isEmpty() || !isSdp(response)) {
            return response;
        }
        Response out = (Response) response.clone();
        try {
            byte[] body = requestFromCaller
                    ? session.get().rewriteFromCallee(response.getRawContent(), address(sourceHost), false)
                    : session.get().rewriteFromCaller(response.getRawContent(), address(sourceHost));
            out.setContent(body, contentType(response));
        } catch (SdpFormatException | ParseException e) {
            LOG.debug("call {}: in-dialog SDP answer is not relayed: {}", callId, e.getMessage());
            return response;
        }
        return out;
    }

    /** Whether an in-dialog request comes from the side that placed the call. */
    boolean fromCaller(String callId, Request request) {
        String tag = callerTags.get(callId);
        return tag != null && tag.equals(((FromHeader) request.getHeader(FromHeader.NAME)).getTag());
    }

    /** The call is over: its ports are free again. */
    void end(String callId) {
        callerTags.remove(callId);
        if (relay != null) {
            relay.session(callId).ifPresent(RelaySession::close);
        }
    }

    private static boolean isSdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return ct != null && "application".equalsIgnoreCase(ct.getContentType())
                && "sdp".equalsIgnoreCase(ct.getContentSubType()) && m.getRawContent() != null
                && m.getRawContent().length > 0;
    }

    private static ContentTypeHeader contentType(Message m) {
        return (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
    }

    /** An IP literal as an address (null for a name: the relay then latches on media alone). */
    private static InetAddress address(String host) {
        if (host == null || !host.matches("[0-9A-Fa-f:.\\[\\]]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(SipContext.stripBrackets(host));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
