package org.openintercom.cloud.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import org.openintercom.cloud.api.ApiMessages.ErrorBody;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.firmware.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/firmware}: the one request whose body is not read into memory. The bundle is streamed
 * to the repository (which caps its size); everything else under the path goes to the JSON handler.
 */
final class FirmwareUpload implements HttpHandler {

    static final String PATH = "/api/v1/firmware";
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpload.class);
    private static final String BEARER = "bearer ";
    /** Bodies over the limit are read this far so that the client sees the 413 rather than a reset. */
    private static final long MAX_DRAINED_BYTES = 4L << 20;

    /** A refused bundle: the verifier's reason besides the usual error and detail. */
    record Refusal(String error, String detail, String reason) {
    }

    private final HttpHandler json;
    private final FirmwareService firmware;
    private final Authenticator authenticator;
    private final JsonCodec codec;

    FirmwareUpload(HttpHandler json, FirmwareService firmware, Authenticator authenticator, JsonCodec codec) {
        this.json = json;
        this.firmware = firmware;
        this.authenticator = authenticator;
        this.codec = codec;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!"POST".equals(exchange.getRequestMethod()) || !(path.equals(PATH) || path.equals(PATH + "/"))) {
            json.handle(exchange);
            return;
        }
        try (exchange) {
            Reply reply;
            try {
                reply = upload(exchange);
            } catch (ApiError e) {
                if (e.status == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                }
                reply = new Reply(e.status, new ErrorBody(e.error, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("firmware upload failed", e);
                reply = new Reply(500, new ErrorBody("internal_error",
                        "the server failed to store the bundle; see its log"));
            }
            drain(exchange.getRequestBody());
            byte[] bytes = codec.write(reply.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Reply upload(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiError(401, "unauthorized", "missing bearer token; sign in with POST /api/v1/session");
        }
        Principal caller = Reply.orFail(authenticator.authenticate(header.substring(BEARER.length()).strip()));
        Reply.orFail(firmware.mayRelease(caller));
        long max = firmware.repository().maxBundleSize();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > max) {
                    throw tooLarge(max);
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length is not a number");
            }
        }
        UploadOutcome outcome = Reply.orFail(firmware.upload(caller, exchange.getRequestBody()));
        return switch (outcome.kind()) {
            case STORED -> Reply.created(outcome.release());
            case ALREADY_STORED -> Reply.ok(outcome.release());
            case TOO_LARGE -> throw tooLarge(max);
            case REFUSED -> new Reply(422, new Refusal("bundle_refused", outcome.message(), outcome.reason().name()));
        };
    }

    private static ApiError tooLarge(long max) {
        return new ApiError(413, "payload_too_large", "the bundle is larger than " + max + " bytes, the most"
                + " this repository accepts (firmware max bundle size)");
    }

    private static void drain(InputStream in) {
        byte[] discard = new byte[8192];
        long drained = 0;
        try (in) {
            for (int n; drained < MAX_DRAINED_BYTES && (n = in.read(discard)) > 0;) {
                drained += n;
            }
        } catch (IOException e) {
            LOG.debug("could not read the rest of a refused upload: {}", e.toString());
        }
    }
}
