package org.openintercom.agent.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.StationCallReport;
import org.openintercom.provisioning.pki.SslContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the {@link OfflineCallOutbox} to the cloud's call history ({@code POST /device/v1/calls} on the device
 * API, mutual TLS with the device certificate), oldest first. A record leaves the outbox only when the cloud
 * acknowledged it (201 recorded, 200 recorded before) or refused it for good (400, 409, 413); when the cloud is
 * unreachable or answers otherwise (a 401/403 certificate refusal too), the round stops and is tried again after
 * a growing pause, and at once when {@link #kick()} is called (the device channel came up, a record was added).
 * Runs on the given executor, which should be its own (a round may wait up to 20 s per record for an unreachable
 * cloud); one thread keeps the rounds one at a time.
 */
public final class OfflineCallDeliverer {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineCallDeliverer.class);
    /** The device API path call reports go to. */
    public static final String PATH = "/device/v1/calls";

    private final OfflineCallOutbox outbox;
    private final ScheduledExecutorService executor;
    private final Supplier<Optional<DeviceApiTarget>> target;
    private final Backoff backoff;
    private ScheduledFuture<?> retry;

    /** What one delivery round did. */
    public record Round(int delivered, int refused, int left, boolean cloudReached) {
    }

    /**
     * @param target the device API, once the station is enrolled
     * @param backoff the pauses between rounds while the cloud cannot be reached
     */
    public OfflineCallDeliverer(OfflineCallOutbox outbox, ScheduledExecutorService executor,
            Supplier<Optional<DeviceApiTarget>> target, Backoff backoff) {
        this.outbox = outbox;
        this.executor = executor;
        this.target = target;
        this.backoff = backoff;
        outbox.onAdded(this::kick);
    }

    /** Tries a delivery round now (in the background), starting the pauses afresh. */
    public void kick() {
        try {
            executor.execute(() -> {
                backoff.reset();
                deliverNow();
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("call records not delivered now: the cloud connection is closing (they stay queued)");
        }
    }

    /**
     * One delivery round, on the calling thread: every pending record in order until the cloud cannot be reached;
     * if some are left, the next round is scheduled after a pause.
     */
    public synchronized Round deliverNow() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        int delivered = 0;
        int refused = 0;
        boolean reached = true;
        Optional<DeviceApiTarget> t = target.get();
        if (t.isEmpty()) {
            LOG.debug("call records not delivered: the station is not enrolled");
            return new Round(0, 0, outbox.pending().size(), false);
        }
        HttpClient http = HttpClient.newBuilder().sslContext(t.get().tls())
                .sslParameters(SslContexts.clientParameters(t.get().tls())).connectTimeout(Duration.ofSeconds(10))
                .build();
        try {
            for (StationCallReport report : outbox.pending()) {
                int status = post(http, t.get().deviceApi().resolve(PATH), report);
                if (status == 200 || status == 201) {
                    outbox.delivered(report.callId());
                    delivered++;
                } else if (status == 400 || status == 409 || status == 413) {
                    // final: the report itself is wrong. A 401/403 is about the certificate (expired after a long
                    // time offline, not renewed yet): the record waits for a good one rather than being lost.
                    outbox.refused(report.callId(), "HTTP " + status);
                    refused++;
                } else {
                    reached = status > 0;
                    LOG.debug("call record {} not delivered ({}); trying again later", report.callId(),
                            status < 0 ? "cloud unreachable" : "HTTP " + status);
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.shutdownNow();
        }
        int left = outbox.pending().size();
        if (delivered > 0) {
            LOG.info("delivered {} offline call record(s) to the cloud; {} left", delivered, left);
        }
        if (left > 0 && !Thread.currentThread().isInterrupted()) {
            Duration pause = backoff.next();
            retry = executor.schedule(this::deliverNow, pause.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            backoff.reset();
        }
        return new Round(delivered, refused, left, reached);
    }

    /** The HTTP status of posting {@code report}, or -1 when the cloud could not be reached. */
    private static int post(HttpClient http, URI uri, StationCallReport report) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ChannelJson.encode(report))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 400) {
                LOG.debug("call record {}: {} {}", report.callId(), r.statusCode(), r.body().strip());
            }
            return r.statusCode();
        } catch (IOException e) {
            LOG.debug("call record {}: {}", report.callId(), e.toString());
            return -1;
        }
    }
}
