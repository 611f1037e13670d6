package org.openintercom.cloud.device;

import static org.openintercom.cloud.device.DeviceExchanges.text;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openintercom.cloud.firmware.ByteRange;
import org.openintercom.cloud.firmware.DownloadLimits;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.firmware.FirmwareRepository;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves bundles ({@code GET|HEAD /device/v1/firmware/<bundleId>.oib}) and ready patches
 * ({@code .../<targetBundleId>.oib/delta/<baseBundleId>}) to devices holding a valid operational certificate,
 * with single HTTP ranges, {@code If-Range} on the entity tag, and the per-device caps of {@link DownloadLimits}.
 * Errors are plain text.
 */
public final class FirmwareDownloads implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareDownloads.class);
    private static final Pattern PATH = Pattern.compile(Pattern.quote(FirmwareRelease.DEVICE_PATH_PREFIX)
            + "([0-9a-f]{64})\\.oib(?:/delta/([0-9a-f]{64}))?");
    /** What a device over its parallel limit is told to wait, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final FirmwareRepository repository;
    private final DownloadLimits limits;
    private final X509Certificate cloudRoot;
    private final Predicate<X509Certificate> revoked;
    private final Clock clock;

    /**
     * @param cloudRoot the root operational device certificates chain to
     * @param revoked   whether a device certificate is revoked
     */
    public FirmwareDownloads(FirmwareRepository repository, DownloadLimits limits, X509Certificate cloudRoot,
            Predicate<X509Certificate> revoked, Clock clock) {
        this.repository = repository;
        this.limits = limits;
        this.cloudRoot = cloudRoot;
        this.revoked = revoked;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange ex) {
        DeviceExchanges.handle(ex, LOG, "firmware download", this::serve, null);
    }

    private void serve(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            ex.getResponseHeaders().add("Allow", "GET, HEAD");
            text(ex, 405, "use GET or HEAD");
            return;
        }
        Optional<String> device = device(ex);
        if (device.isEmpty()) {
            return;
        }
        Matcher m = PATH.matcher(ex.getRequestURI().getRawPath());
        if (!m.matches()) {
            text(ex, 404, "no such firmware; paths look like " + FirmwareRelease.DEVICE_PATH_PREFIX + "<bundleId>.oib");
            return;
        }
        Optional<FirmwareRepository.Servable> object = m.group(2) == null ? repository.servableBundle(m.group(1))
                : repository.servablePatch(m.group(1), m.group(2));
        if (object.isEmpty()) {
            text(ex, 404, m.group(2) == null ? "no bundle " + m.group(1) : "no ready patch to " + m.group(1)
                    + " from " + m.group(2));
            return;
        }
        FirmwareRepository.Servable o = object.get();
        var h = ex.getResponseHeaders();
        h.set("Accept-Ranges", "bytes");
        h.set("ETag", o.etag());
        h.set("Cache-Control", "private, max-age=31536000, immutable");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        ByteRange range = ifRange != null && !ifRange.strip().equals(o.etag()) ? new ByteRange.Whole()
                : ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), o.size());
        if (range instanceof ByteRange.Unsatisfiable) {
            h.set("Content-Range", "bytes */" + o.size());
            text(ex, 416, "range not satisfiable: the object has " + o.size() + " bytes");
            return;
        }
        long first = range instanceof ByteRange.Part p ? p.first() : 0;
        long length = range instanceof ByteRange.Part p ? p.length() : o.size();
        int status = range instanceof ByteRange.Part ? 206 : 200;
        if (range instanceof ByteRange.Part p) {
            h.set("Content-Range", p.contentRange(o.size()));
        }
        h.set("Content-Type", m.group(2) == null ? "application/vnd.openintercom.bundle" : "application/octet-stream");
        if (head) {
            h.set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        Optional<DownloadLimits.Slot> slot = limits.start(device.get());
        if (slot.isEmpty()) {
            h.remove("Content-Range");
            h.set("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            text(ex, 429, "device " + device.get() + " already runs " + limits.running(device.get())
                    + " downloads, the most allowed");
            return;
        }
        long t0 = System.nanoTime();
        try (DownloadLimits.Slot s = slot.get(); InputStream in = repository.open(o, first, length)) {
            ex.sendResponseHeaders(status, length == 0 ? -1 : length);
            OutputStream out = ex.getResponseBody();
            s.copy(in, out, length);
            out.flush();
        }
        LOG.debug("device {} got {} bytes {}-{} of {} in {} ms", device.get(), length, first, first + length - 1,
                o.key(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** The device id of the client certificate, or empty after answering 401/403. */
    private Optional<String> device(HttpExchange ex) throws IOException {
        OperationalCertificate cert = OperationalCertificate.of(ex, cloudRoot, clock.instant(), revoked,
                "firmware downloads");
        if (cert.device().isEmpty()) {
            text(ex, cert.status(), cert.refusal());
        }
        return cert.device().map(DeviceId::value);
    }
}
