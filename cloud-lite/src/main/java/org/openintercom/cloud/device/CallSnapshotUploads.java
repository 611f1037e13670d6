package org.openintercom.cloud.device;

import static org.openintercom.cloud.device.DeviceExchanges.text;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.openintercom.cloud.calls.history.SnapshotStore;
import org.openintercom.cloud.calls.history.SnapshotUpload;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /device/v1/calls/<Call-ID>/snapshot}: a station holding a valid operational certificate uploads the
 * JPEG caller snapshot it took at the button press (Content-Type image/jpeg, at most
 * {@link SnapshotStore#MAX_BYTES}). The Call-ID is percent-encoded in the path. Answers are plain text: 201 stored,
 * 200 replaced, 400 bad Call-ID, 401/403 certificate, 403 another station's call, 413 too large, 415 not a JPEG,
 * 429 too many snapshots of unrecorded calls.
 */
public final class CallSnapshotUploads implements HttpHandler {

    /** The context path the handler is registered under. */
    public static final String PATH_PREFIX = "/device/v1/calls/";
    private static final String SUFFIX = "/snapshot";
    private static final Logger LOG = LoggerFactory.getLogger(CallSnapshotUploads.class);
    /** Bodies announced larger than this are refused without reading them. */
    private static final long MAX_DRAINED = 4L * SnapshotStore.MAX_BYTES;

    private final SnapshotStore snapshots;
    private final X509Certificate cloudRoot;
    private final Predicate<X509Certificate> revoked;
    private final Clock clock;

    /**
     * @param cloudRoot the root operational device certificates chain to
     * @param revoked   whether a device certificate is revoked
     */
    public CallSnapshotUploads(SnapshotStore snapshots, X509Certificate cloudRoot, Predicate<X509Certificate> revoked,
            Clock clock) {
        this.snapshots = snapshots;
        this.cloudRoot = cloudRoot;
        this.revoked = revoked;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange ex) {
        DeviceExchanges.handle(ex, LOG, "snapshot upload", this::serve,
                "the cloud could not store the snapshot; see its log");
    }

    private void serve(HttpExchange ex) throws IOException {
        if (!"PUT".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().add("Allow", "PUT");
            text(ex, 405, "use PUT");
            return;
        }
        Optional<DeviceId> device = device(ex);
        if (device.isEmpty()) {
            return;
        }
        String raw = ex.getRequestURI().getRawPath();
        if (!raw.startsWith(PATH_PREFIX) || !raw.endsWith(SUFFIX) || raw.length() <= PATH_PREFIX.length() + SUFFIX.length()) {
            text(ex, 404, "no such path; snapshots go to " + PATH_PREFIX + "<Call-ID>" + SUFFIX);
            return;
        }
        String encoded = raw.substring(PATH_PREFIX.length(), raw.length() - SUFFIX.length());
        String callId;
        try {
            callId = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text(ex, 400, "the Call-ID in the path is badly percent-encoded");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("image/jpeg")) {
            text(ex, 415, "Content-Type must be image/jpeg, was " + type);
            return;
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_DRAINED) {
                    text(ex, 413, "snapshot larger than " + SnapshotStore.MAX_BYTES + " bytes");
                    return;
                }
            } catch (NumberFormatException e) {
                text(ex, 400, "Content-Length is not a number");
                return;
            }
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(SnapshotStore.MAX_BYTES + 1);
            if (body.length > SnapshotStore.MAX_BYTES) {
                // read on (within reason) so that the client sees the 413 rather than a reset
                byte[] discard = new byte[8192];
                long drained = 0;
                for (int n; drained < MAX_DRAINED && (n = in.read(discard)) > 0;) {
                    drained += n;
                }
            }
        }
        SnapshotUpload outcome = snapshots.upload(device.get(), callId, body);
        if (outcome.isStored()) {
            ex.getResponseHeaders().set("Location", "/api/v1/calls/" + encoded + SUFFIX);
        }
        text(ex, outcome.kind().httpStatus(), outcome.detail());
    }

    /** The device id of the client certificate, or empty after answering 401/403. */
    private Optional<DeviceId> device(HttpExchange ex) throws IOException {
        OperationalCertificate cert = OperationalCertificate.of(ex, cloudRoot, clock.instant(), revoked,
                "snapshot uploads");
        if (cert.device().isEmpty()) {
            text(ex, cert.status(), cert.refusal());
        }
        return cert.device();
    }
}
