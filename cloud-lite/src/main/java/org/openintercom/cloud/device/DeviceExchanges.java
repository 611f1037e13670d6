package org.openintercom.cloud.device;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * What the device API's plain-text handlers (firmware downloads, snapshot uploads, call reports) share: running
 * one exchange so that a connection the device dropped is logged quietly and a failure is logged (and answered
 * 500 when the status is not sent yet), and answering in plain text.
 */
final class DeviceExchanges {

    private DeviceExchanges() {
    }

    /** Serves one exchange. */
    @FunctionalInterface
    interface Serve {
        void serve(HttpExchange ex) throws IOException;
    }

    /**
     * Runs {@code serve} on {@code ex} and closes it; {@code what} names the request in the log, {@code failure} is
     * the 500 answer to a failure (null: none, the connection is just closed).
     */
    static void handle(HttpExchange ex, Logger log, String what, Serve serve, String failure) {
        try (ex) {
            serve.serve(ex);
        } catch (IOException e) {
            log.debug("{} {} ended: {}", what, ex.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            log.warn("{} {} failed", what, ex.getRequestURI(), e);
            if (failure != null) {
                try {
                    text(ex, 500, failure);
                } catch (IOException | RuntimeException ignored) {
                    // the status was already sent
                }
            }
        }
    }

    /** Answers {@code status} with {@code message} as {@code text/plain} (headers only for HEAD). */
    static void text(HttpExchange ex, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }
}
