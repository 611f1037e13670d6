package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.RequestEventExt;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registrar and the proxy share: the factories, the providers per transport, the configuration and the
 * small SIP chores (responses, challenges, "is this URI us?", the relay's Via and Record-Route).
 */
final class SipContext {

    private static final Logger LOG = LoggerFactory.getLogger(SipContext.class);
    /** How long a non-INVITE server transaction absorbs retransmissions after its final response, ms. */
    static final int COMPLETED_LINGER_MS = 5_056; // 64 × 79 ms

    final SipRelayConfig config;
    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    /** Provider per transport ({@code udp}, {@code tcp}, {@code tls}). */
    final Map<String, SipProvider> providers;
    final DigestAuth auth;
    final SipAccounts accounts;
    final Location location;

    SipContext(SipRelayConfig config, AddressFactory addresses, HeaderFactory headers, MessageFactory messages,
            Map<String, SipProvider> providers, DigestAuth auth, SipAccounts accounts, Location location) {
        this.config = config;
        this.addresses = addresses;
        this.headers = headers;
        this.messages = messages;
        this.providers = providers;
        this.auth = auth;
        this.accounts = accounts;
        this.location = location;
    }

    int port(String transport) {
        ListeningPoint lp = providers.get(transport).getListeningPoint(transport);
        return lp.getPort();
    }

    /** The provider for a transport, or the first one when the relay does not listen on it. */
    SipProvider provider(String transport) {
        SipProvider p = providers.get(transport.toLowerCase(Locale.ROOT));
        return p != null ? p : providers.values().iterator().next();
    }

    /** Whether {@code uri} names the relay itself (its advertised or bound host and one of its ports). */
    boolean isUs(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            return false;
        }
        String host = stripBrackets(sip.getHost());
        boolean hostIsUs = host.equalsIgnoreCase(config.advertisedHost())
                || host.equalsIgnoreCase(config.bindAddress().getHostAddress())
                || host.equalsIgnoreCase(config.domain());
        if (!hostIsUs) {
            return false;
        }
        int port = sip.getPort();
        if (port <= 0) {
            return host.equalsIgnoreCase(config.domain()) || port(defaultTransport()) == 5060;
        }
        for (String t : providers.keySet()) {
            if (port(t) == port) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Request-URI is for the relay's domain (a user here) rather than somewhere else. */
    boolean isOurDomain(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            return false;
        }
        String host = stripBrackets(sip.getHost());
        return host.equalsIgnoreCase(config.domain()) || isUs(uri);
    }

    private String defaultTransport() {
        return providers.containsKey("udp") ? "udp" : providers.keySet().iterator().next();
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The relay's own URI on a transport, with {@code lr}: for Record-Route. */
    SipURI ourUri(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(null, config.advertisedHost());
        uri.setPort(port(transport));
        uri.setTransportParam(transport);
        uri.setLrParam();
        return uri;
    }

    RecordRouteHeader recordRoute(String transport) throws ParseException {
        return headers.createRecordRouteHeader(addresses.createAddress(ourUri(transport)));
    }

    /** A new top Via of the relay for a request it forwards (the stack adds the branch). */
    ViaHeader via(String transport) throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(config.advertisedHost(), port(transport), transport, null);
        via.setRPort();
        return via;
    }

    /** Removes the Route headers at the top that name the relay (loose routing, RFC 3261 16.4). */
    void popOurRoutes(Request request) {
        while (true) {
            RouteHeader top = (RouteHeader) request.getHeader(RouteHeader.NAME);
            if (top == null || !isUs(top.getAddress().getURI())) {
                return;
            }
            request.removeFirst(RouteHeader.NAME);
        }
    }

    /** Decrements Max-Forwards; false when it was already 0 (answer 483). */
    boolean decrementMaxForwards(Request request) throws InvalidArgumentException {
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) {
            request.addHeader(headers.createMaxForwardsHeader(69));
            return true;
        }
        if (mf.getMaxForwards() <= 0) {
            return false;
        }
        try {
            mf.decrementMaxForwards();
        } catch (javax.sip.header.TooManyHopsException e) {
            return false;
        }
        return true;
    }

    /** The transport of the next hop of {@code request}: its first Route, else its Request-URI. */
    static String nextHopTransport(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        return transportOf(uri);
    }

    static String transportOf(URI uri) {
        if (uri instanceof SipURI sip) {
            String t = sip.getTransportParam();
            if (t != null) {
                return t.toLowerCase(Locale.ROOT);
            }
            return sip.isSecure() ? "tls" : "udp";
        }
        return "udp";
    }

    /**
     * The caller a verified TLS client certificate names (a station's device id), when the request came over TLS
     * with one; empty otherwise (then digest decides).
     */
    Optional<String> certifiedPeer(ServerTransaction st) {
        if (config.tls().isEmpty() || !(st instanceof gov.nist.javax.sip.TransactionExt ext)
                || !"tls".equalsIgnoreCase(ext.getTransport())) {
            return Optional.empty();
        }
        try {
            java.security.cert.Certificate[] chain = ext.getPeerCertificates();
            if (chain == null || chain.length == 0 || !(chain[0] instanceof java.security.cert.X509Certificate leaf)) {
                return Optional.empty();
            }
            return config.tls().get().identity().apply(leaf);
        } catch (javax.net.ssl.SSLPeerUnverifiedException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Where a request came from, {@code host:port}. */
    static String source(RequestEvent event) {
        RequestEventExt ext = (RequestEventExt) event;
        return ext.getRemoteIpAddress() + ":" + ext.getRemotePort();
    }

    static String sourceHost(RequestEvent event) {
        return ((RequestEventExt) event).getRemoteIpAddress();
    }

    /** The transport a request came in on (its top Via's). */
    static String arrivalTransport(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    /** The server transaction of a request event, made when the stack has none yet (null if it cannot be). */
    ServerTransaction serverTransaction(RequestEvent event) {
        ServerTransaction st = event.getServerTransaction();
        if (st != null) {
            return shortCompleted(st);
        }
        try {
            return shortCompleted(((SipProvider) event.getSource()).getNewServerTransaction(event.getRequest()));
        } catch (javax.sip.TransactionAlreadyExistsException e) {
            return null; // a retransmission the stack already handles
        } catch (javax.sip.TransactionUnavailableException e) {
            LOG.debug("no server transaction for {}: {}", event.getRequest().getMethod(), e.getMessage());
            return null;
        }
    }

    /**
     * Lets a non-INVITE server transaction (BYE, REGISTER, OPTIONS...) linger {@value #COMPLETED_LINGER_MS} ms in its
     * Completed state to absorb retransmissions of its request, instead of RFC 3261's Timer J of 64 × T1 = 32 s for
     * UDP. Kamailio's transaction module does the same (its {@code wt_timer}, 5 s). At 1,000 calls/s the 32 s kept
     * some 32,000 BYE transactions with their messages alive, and the garbage collector copied them; a request
     * retransmitted later than this is relayed again and gets its answer from the far end (481 for a BYE). JAIN-SIP
     * times Timer J as 64 ticks of the transaction's base interval, which for these transactions times nothing else
     * (CANCEL's does, so it keeps the default). Transports that are reliable end the transaction at once anyway.
     */
    private static ServerTransaction shortCompleted(ServerTransaction st) {
        String method = st.getRequest().getMethod();
        if (!Request.INVITE.equals(method) && !Request.CANCEL.equals(method) && !Request.ACK.equals(method)
                && st instanceof gov.nist.javax.sip.stack.SIPServerTransaction nist) {
            try {
                nist.setRetransmitTimer(COMPLETED_LINGER_MS / 64);
            } catch (IllegalStateException e) {
                // its timer runs already (a final response went out): it keeps the one it has
            }
        }
        return st;
    }

    /** Answers {@code request} on {@code st} (or statelessly when {@code st} is null). */
    void respond(RequestEvent event, ServerTransaction st, int status, String reason, HeaderAdder... extra) {
        try {
            Response r = messages.createResponse(status, event.getRequest());
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            for (HeaderAdder h : extra) {
                h.addTo(r);
            }
            if (st != null) {
                st.sendResponse(r);
            } else {
                ((SipProvider) event.getSource()).sendResponse(r);
            }
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot answer {} {}: {}", status, event.getRequest().getMethod(), e.getMessage());
        }
    }

    /** Adds headers to a response being made. */
    @FunctionalInterface
    interface HeaderAdder {
        void addTo(Response r) throws ParseException, InvalidArgumentException;
    }

    /** A digest challenge: WWW-Authenticate (registrar, 401) or Proxy-Authenticate (proxy, 407), one per algorithm. */
    HeaderAdder challenge(boolean proxy, boolean stale) {
        return r -> {
            String nonce = auth.nonce();
            for (String name : config.digestAlgorithms()) {
                DigestAlgorithm a = DigestAlgorithm.of(name).orElseThrow();
                WWWAuthenticateHeader h = proxy ? headers.createProxyAuthenticateHeader("Digest")
                        : headers.createWWWAuthenticateHeader("Digest");
                h.setRealm(auth.realm());
                h.setNonce(nonce);
                h.setAlgorithm(a.token());
                h.setQop("auth");
                if (stale) {
                    h.setStale(true);
                }
                r.addHeader(h);
            }
        };
    }

    /** The credentials in a request for the relay's realm (Authorization or Proxy-Authorization). */
    Optional<DigestAuth.Credentials> credentials(Request request, boolean proxy) {
        String name = proxy ? "Proxy-Authorization" : AuthorizationHeader.NAME;
        List<AuthorizationHeader> found = new ArrayList<>();
        Iterator<?> it = request.getHeaders(name);
        while (it.hasNext()) {
            if (it.next() instanceof AuthorizationHeader h) {
                found.add(h);
            }
        }
        for (AuthorizationHeader h : found) {
            if (auth.realm().equals(h.getRealm())) {
                // uri and nc exactly as sent: the client hashed those strings
                return Optional.of(new DigestAuth.Credentials(h.getUsername(), h.getRealm(), h.getNonce(),
                        h.getParameter("uri"), h.getResponse(), h.getAlgorithm(), h.getQop(), h.getCNonce(),
                        h.getParameter("nc")));
            }
        }
        return Optional.empty();
    }
}
