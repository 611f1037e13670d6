package org.openintercom.agent.sip.internal;

import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends responses, through a server transaction or statelessly, adding a Warning that says why a request was
 * refused; a response that cannot be sent is logged, never thrown.
 */
final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final SipMessages messages;

    Responder(SipMessages messages) {
        this.messages = messages;
    }

    /** Responds with {@code status} through {@code st}; {@code warning} (may be null) goes into a Warning header. */
    void respond(ServerTransaction st, Request request, int status, String warning) {
        Response response = build(request, status, warning);
        if (response != null) {
            send(st, response);
        }
    }

    /** Responds without a transaction (OPTIONS pings and requests we refuse before any state exists). */
    void respondStateless(SipProvider provider, Request request, int status, String warning) {
        Response response = build(request, status, warning);
        if (response == null) {
            return;
        }
        try {
            provider.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("Could not send {} to {}: {}", status, request.getMethod(), e.toString());
        }
    }

    /** Sends {@code response} through {@code st}; false if that failed. */
    boolean send(ServerTransaction st, Response response) {
        try {
            st.sendResponse(response);
            return true;
        } catch (Exception e) {
            LOG.debug("Could not send {}: {}", response.getStatusCode(), e.toString());
            return false;
        }
    }

    private Response build(Request request, int status, String warning) {
        try {
            Response response = messages.response(status, request, status > 100
                    ? SipMessages.newTag() : null, null);
            if (warning != null) {
                messages.warn(response, warning);
                LOG.debug("{} {} refused with {}: {}", request.getMethod(), request.getRequestURI(), status, warning);
            }
            return response;
        } catch (Exception e) {
            LOG.debug("Could not build {} for {}: {}", status, request.getMethod(), e.toString());
            return null;
        }
    }
}
