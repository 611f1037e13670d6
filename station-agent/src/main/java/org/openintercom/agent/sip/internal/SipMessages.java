package org.openintercom.agent.sip.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.agent.sip.SipTransport;

/**
 * Builds the requests and responses the engine sends, with our Contact, User-Agent, Allow and bodies, from the
 * JAIN-SIP factories and the real bound ports of the listening points.
 */
final class SipMessages {

    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO";

    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    private final String user;
    private final String displayName;
    private final String host;
    private final String userAgent;
    private final Map<SipTransport, ListeningPoint> listeningPoints;

    SipMessages(AddressFactory addresses, HeaderFactory headers, MessageFactory messages, String user,
            String displayName, InetAddress address, String userAgent,
            Map<SipTransport, ListeningPoint> listeningPoints) {
        this.addresses = addresses;
        this.headers = headers;
        this.messages = messages;
        this.user = user;
        this.displayName = displayName;
        this.host = uriHost(address);
        this.userAgent = userAgent;
        this.listeningPoints = listeningPoints;
    }

    /** The host part of a URI for {@code address}: IPv6 literals in brackets, without a scope id. */
    static String uriHost(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }

    /** An address literal without its scope id: peers cannot parse one in a Via (a link-local listening point has it). */
    static String unscoped(String address) {
        int scope = address.indexOf('%');
        return scope < 0 ? address : address.substring(0, scope);
    }

    /** Our contact URI on {@code transport}, e.g. {@code sip:door@127.0.0.1:5060;transport=udp}. */
    String contactUri(SipTransport transport) {
        return "sip:" + user + "@" + host + ":" + listeningPoints.get(transport).getPort() + ";transport="
                + transport.uriParameter();
    }

    ContactHeader contact(SipTransport transport) throws ParseException {
        return headers.createContactHeader(addresses.createAddress(contactUri(transport)));
    }

    /** A new out-of-dialog INVITE from us to {@code target} with {@code sdp} as body. */
    Request invite(SipURI target, SipTransport transport, javax.sip.header.CallIdHeader callId, String fromTag,
            String sdp) throws ParseException, InvalidArgumentException {
        Address from = addresses.createAddress(addresses.createSipURI(user, host));
        if (!displayName.isEmpty()) {
            from.setDisplayName(displayName);
        }
        Address to = addresses.createAddress(target.clone().toString());
        ((SipURI) to.getURI()).removeParameter("transport");
        ListeningPoint lp = listeningPoints.get(transport);
        ViaHeader via = headers.createViaHeader(unscoped(lp.getIPAddress()), lp.getPort(), transport.uriParameter(), null);
        via.setRPort();
        Request invite = messages.createRequest(target, Request.INVITE, callId,
                headers.createCSeqHeader(1L, Request.INVITE), headers.createFromHeader(from, fromTag),
                headers.createToHeader(to, null), List.of(via), headers.createMaxForwardsHeader(70));
        invite.addHeader(contact(transport));
        decorate(invite);
        setBody(invite, "application", "sdp", sdp);
        return invite;
    }

    /**
     * A REGISTER (RFC 3261 §10.2) to {@code registrar} binding {@code aor} to our contact on {@code transport}
     * for {@code expires} seconds (0 = remove it), in the Expires header and the Contact's expires parameter.
     */
    Request register(SipURI registrar, SipURI aor, SipTransport transport, javax.sip.header.CallIdHeader callId,
            long cseq, String fromTag, int expires) throws ParseException, InvalidArgumentException {
        Address address = addresses.createAddress(aor);
        if (!displayName.isEmpty()) {
            address.setDisplayName(displayName);
        }
        ListeningPoint lp = listeningPoints.get(transport);
        ViaHeader via = headers.createViaHeader(unscoped(lp.getIPAddress()), lp.getPort(), transport.uriParameter(), null);
        via.setRPort();
        Request register = messages.createRequest(registrar, Request.REGISTER, callId,
                headers.createCSeqHeader(cseq, Request.REGISTER), headers.createFromHeader(address, fromTag),
                headers.createToHeader(addresses.createAddress(aor), null), List.of(via),
                headers.createMaxForwardsHeader(70));
        ContactHeader contact = contact(transport);
        contact.setExpires(expires);
        register.addHeader(contact);
        register.addHeader(headers.createExpiresHeader(expires));
        decorate(register);
        return register;
    }

    /** A response to {@code request} carrying our To tag (if given), Contact (for dialog responses) and UA. */
    Response response(int status, Request request, String toTag, SipTransport transport) throws ParseException {
        Response response = messages.createResponse(status, request);
        if (toTag != null && status > 100) {
            javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) response.getHeader("To");
            if (to.getTag() == null) {
                to.setTag(toTag);
            }
        }
        if (transport != null && status > 100 && status < 300
                && (request.getMethod().equals(Request.INVITE) || request.getMethod().equals(Request.OPTIONS))) {
            response.setHeader(contact(transport));
        }
        decorate(response);
        return response;
    }

    /** Adds User-Agent/Server and Allow. */
    void decorate(Message message) throws ParseException {
        if (message instanceof Request) {
            message.setHeader(headers.createUserAgentHeader(List.of(userAgent)));
        } else {
            message.setHeader(headers.createServerHeader(List.of(userAgent)));
        }
        message.setHeader(headers.createAllowHeader(ALLOW));
    }

    void setBody(Message message, String type, String subtype, String body) throws ParseException {
        message.setContent(body, headers.createContentTypeHeader(type, subtype));
    }

    /** Adds a Warning 399 header with {@code text} (RFC 3261 §20.43), e.g. why an SDP was refused. */
    void warn(Response response, String text) {
        try {
            String clean = text.replace('"', '\'').replaceAll("[\\r\\n]", " ");
            response.addHeader(headers.createWarningHeader("openintercom", 399, clean));
        } catch (ParseException | InvalidArgumentException e) {
            // a Warning is a courtesy; the status code says enough
        }
    }

    /** A fresh random From/To tag. */
    static String newTag() {
        return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L << 60);
    }

    /** Something that builds a message and may fail to parse a header value. */
    @FunctionalInterface
    interface Build<T> {
        T build() throws ParseException;
    }

    /** Runs {@code build}; our own header values always parse, so a failure is a bug, reported unchecked. */
    <T> T safe(Build<T> build) {
        try {
            return build.build();
        } catch (ParseException e) {
            throw new IllegalStateException("could not build a SIP message: " + e.getMessage(), e);
        }
    }

    static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }
}
