package org.openintercom.agent.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openintercom.provisioning.pki.SslContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the caller snapshot a station took at the button press to the cloud's call history ({@code PUT
 * /device/v1/calls/<Call-ID>/snapshot} on the device API, mutual TLS with the device certificate), so the
 * record the relay made of the call shows who rang. Runs on the cloud thread; a refused upload (a 4xx) is not
 * repeated, an unreachable cloud is tried again a few times with growing pauses. The file stays on the station.
 */
final class SnapshotUploader {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotUploader.class);
    static final int ATTEMPTS = 4;

    private final ScheduledExecutorService executor;
    private final Supplier<Optional<DeviceApiTarget>> target;

    SnapshotUploader(ScheduledExecutorService executor, Supplier<Optional<DeviceApiTarget>> target) {
        this.executor = executor;
        this.target = target;
    }

    /** Uploads {@code file} as the snapshot of call {@code callId} (in the background). */
    void upload(String callId, Path file) {
        executor.execute(() -> attempt(callId, file, 1));
    }

    private void attempt(String callId, Path file, int attempt) {
        Optional<DeviceApiTarget> t = target.get();
        if (t.isEmpty()) {
            LOG.debug("snapshot of call {} not uploaded: the station is not enrolled", callId);
            return;
        }
        int status;
        try {
            byte[] jpeg = Files.readAllBytes(file);
            URI uri = t.get().deviceApi().resolve("/device/v1/calls/"
                    + URLEncoder.encode(callId, StandardCharsets.UTF_8).replace("+", "%20") + "/snapshot");
            HttpClient http = HttpClient.newBuilder().sslContext(t.get().tls())
                    .sslParameters(SslContexts.clientParameters(t.get().tls())).connectTimeout(Duration.ofSeconds(10))
                    .build();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg))
                        .build(), HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                if (status >= 400 && status < 500 && status != 429) {
                    LOG.warn("the cloud refused the snapshot of call {}: {} {}", callId, status, r.body().strip());
                    return;
                }
            } finally {
                http.shutdownNow();
            }
        } catch (IOException e) {
            status = -1;
            LOG.debug("snapshot of call {}: {}", callId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status == 200 || status == 201) {
            LOG.debug("snapshot of call {} uploaded ({})", callId, status);
            return;
        }
        if (attempt >= ATTEMPTS) {
            LOG.warn("snapshot of call {} not uploaded after {} attempts (last: {})", callId, attempt,
                    status < 0 ? "unreachable" : status);
            return;
        }
        executor.schedule(() -> attempt(callId, file, attempt + 1), 2L << attempt, TimeUnit.SECONDS);
    }
}
