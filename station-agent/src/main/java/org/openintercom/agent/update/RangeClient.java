package org.openintercom.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.openintercom.agent.cloud.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches byte ranges of files on the device API with retries: exponential backoff with full jitter and a cap on
 * attempts per range; a 4xx answer (but 408 and 429, whose {@code Retry-After} is honoured) stops at once with
 * reason {@code HTTP_<code>}.
 */
final class RangeClient {

    private static final Logger LOG = LoggerFactory.getLogger(RangeClient.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final HttpClient http;
    private final URI base;
    private final int maxAttempts;
    private final Backoff backoff;
    private final BooleanSupplier cancelled;
    private final AtomicLong requests = new AtomicLong();

    RangeClient(HttpClient http, URI base, int maxAttempts, Backoff backoff, BooleanSupplier cancelled) {
        this.http = http;
        this.base = base;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.cancelled = cancelled;
    }

    /** How many HTTP requests were sent. */
    long requests() {
        return requests.get();
    }

    /** Bytes {@code from .. from + length - 1} of {@code path}, exactly {@code length} of them. */
    byte[] get(String path, long from, int length) {
        String lastProblem = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            checkCancelled();
            Duration wait;
            try {
                HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                        .header("Range", "bytes=" + from + "-" + (from + length - 1)).GET().build();
                requests.incrementAndGet();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int code = response.statusCode();
                try (InputStream body = response.body()) {
                    if (code == 206 || code == 200) {
                        if (code == 200) {
                            body.skipNBytes(from); // a server that ignores Range sends the whole file
                        }
                        byte[] bytes = body.readNBytes(length);
                        if (bytes.length == length) {
                            backoff.reset();
                            return bytes;
                        }
                        lastProblem = "the answer ended after " + bytes.length + " of " + length + " bytes";
                        wait = backoff.next();
                    } else if (code == 408 || code == 429) {
                        lastProblem = "HTTP " + code;
                        Duration b = backoff.next();
                        OptionalLong after = response.headers().firstValueAsLong("Retry-After");
                        wait = after.isPresent()
                                ? min(Duration.ofSeconds(Math.max(0, after.getAsLong())), MAX_RETRY_AFTER) : b;
                    } else if (code >= 400 && code < 500) {
                        throw UpdateAbort.failed("HTTP_" + code, "GET " + path + " answered HTTP " + code);
                    } else {
                        lastProblem = "HTTP " + code;
                        wait = backoff.next();
                    }
                }
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + " " + e.getMessage();
                wait = backoff.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpdateAbort.Cancelled();
            }
            if (attempt == maxAttempts) {
                break;
            }
            LOG.debug("GET {} bytes {}+{}: {}; attempt {} of {} in {} ms", path, from, length, lastProblem,
                    attempt + 1, maxAttempts, wait.toMillis());
            sleep(wait);
        }
        throw UpdateAbort.failed("RETRIES_EXHAUSTED", "GET " + path + " failed " + maxAttempts + " times; last: "
                + lastProblem);
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new UpdateAbort.Cancelled();
        }
    }

    private void sleep(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toMillis(); left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                checkCancelled();
                Thread.sleep(Math.min(left, 200));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateAbort.Cancelled();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
