package org.openintercom.cloud.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openintercom.cloud.api.ApiMessages.ErrorBody;
import org.openintercom.cloud.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler: limits and reads the body, routes, checks the bearer token, runs the handler and
 * writes its reply or the error as JSON.
 */
final class Http implements HttpHandler {

    /** The largest request body accepted. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Larger bodies are refused without reading them (the connection is then closed). */
    private static final int MAX_DRAINED_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Http.class);
    private static final String BEARER = "bearer ";

    private final Router router;
    private final Authenticator authenticator;
    private final JsonCodec json;

    Http(Router router, Authenticator authenticator, JsonCodec json) {
        this.router = router;
        this.authenticator = authenticator;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = dispatch(exchange);
            } catch (ApiError e) {
                if (e.status == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                }
                if (e.status == 405) {
                    router.allowedOn(exchange.getRequestURI().getRawPath())
                            .ifPresent(allow -> exchange.getResponseHeaders().set("Allow", allow));
                }
                reply = new Reply(e.status, new ErrorBody(e.error, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply = new Reply(500, new ErrorBody("internal_error",
                        "the server failed to handle the request; see its log"));
            }
            LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), reply.status());
            write(exchange, reply);
        }
    }

    private Reply dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Router.Match match = router.route(exchange.getRequestMethod(), path);
        byte[] body = readBody(exchange);
        Principal caller = match.authenticated() ? authenticate(exchange) : null;
        return match.handler().handle(new Call(caller, match.pathParams(),
                query(exchange.getRequestURI().getRawQuery()), body, json));
    }

    private Principal authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiError(401, "unauthorized", "missing bearer token; sign in with POST /api/v1/session");
        }
        return Reply.orFail(authenticator.authenticate(header.substring(BEARER.length()).strip()));
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_DRAINED_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // read what is left (within reason) so the client gets the 413 rather than a reset
                byte[] discard = new byte[8192];
                long drained = 0;
                for (int n; drained < MAX_DRAINED_BYTES && (n = in.read(discard)) > 0;) {
                    drained += n;
                }
                throw tooLarge();
            }
            return body;
        }
    }

    private static ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "request body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private void write(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        if (reply.body() instanceof Streamed streamed) {
            exchange.getResponseHeaders().set("Content-Type", streamed.contentType());
            if (streamed.contentDisposition() != null) {
                exchange.getResponseHeaders().set("Content-Disposition", streamed.contentDisposition());
            }
            exchange.sendResponseHeaders(reply.status(), 0);
            try (var out = exchange.getResponseBody()) {
                streamed.body().writeTo(out);
            } catch (RuntimeException e) {
                // the status is sent: the body just ends here (see the Streamed comment)
                LOG.error("{} {} failed while writing the body", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
            return;
        }
        byte[] bytes = json.write(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("badly escaped URL part '" + text + "'");
        }
    }
}
