package org.openintercom.cloud.device;

import static org.openintercom.cloud.device.DeviceExchanges.text;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.Predicate;
import org.openintercom.cloud.calls.history.CallRecorder;
import org.openintercom.cloud.calls.history.ReportedCall;
import org.openintercom.provisioning.channel.ChannelFormatException;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.StationCallReport;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /device/v1/calls}: a station holding a valid operational certificate reports a call it placed
 * without the relay (a mesh call while the cloud was unreachable) as a JSON {@link StationCallReport}, and the
 * call enters the call history marked {@value ReportedCall#ROUTING}. Idempotent by Call-ID: the station may send
 * a report again until it has an answer. Answers are plain text: 201 recorded, 200 recorded before (nothing
 * changed), 400 a bad report (naming the field), 401/403 certificate, 403 a report naming another station, 409 the
 * Call-ID is another station's call, 413 too large.
 */
public final class StationCallReports implements HttpHandler {

    /** The path the handler is registered under (exactly: Call-ID paths below it are the snapshot uploads'). */
    public static final String PATH = "/device/v1/calls";
    private static final Logger LOG = LoggerFactory.getLogger(StationCallReports.class);
    private static final int MAX_BODY = 64 * 1024;

    private final CallRecorder calls;
    private final X509Certificate cloudRoot;
    private final Predicate<X509Certificate> revoked;
    private final Clock clock;

    /**
     * @param cloudRoot the root operational device certificates chain to
     * @param revoked   whether a device certificate is revoked
     */
    public StationCallReports(CallRecorder calls, X509Certificate cloudRoot, Predicate<X509Certificate> revoked,
            Clock clock) {
        this.calls = calls;
        this.cloudRoot = cloudRoot;
        this.revoked = revoked;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange ex) {
        DeviceExchanges.handle(ex, LOG, "call report", this::serve, "the cloud could not record the call; see its log");
    }

    private void serve(HttpExchange ex) throws IOException {
        if (!PATH.equals(ex.getRequestURI().getRawPath())) {
            text(ex, 404, "no such path; call reports go to " + PATH);
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().add("Allow", "POST");
            text(ex, 405, "use POST");
            return;
        }
        OperationalCertificate cert = OperationalCertificate.of(ex, cloudRoot, clock.instant(), revoked,
                "call reports");
        if (cert.device().isEmpty()) {
            text(ex, cert.status(), cert.refusal());
            return;
        }
        DeviceId device = cert.device().get();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            text(ex, 413, "a call report has at most " + MAX_BODY + " bytes");
            return;
        }
        StationCallReport report;
        try {
            report = ChannelJson.decode(body, StationCallReport.class);
        } catch (ChannelFormatException e) {
            text(ex, 400, e.getMessage());
            return;
        }
        if (!report.station().equals(device.value())) {
            LOG.warn("station {} reported call {} as station {}: refused", device, report.callId(), report.station());
            text(ex, 403, "station: " + report.station() + " is another station; a station"
                    + " reports its own calls (this certificate is " + device + "'s)");
            return;
        }
        ReportedCall.Outcome outcome = calls.callReported(ReportedCall.of(report));
        switch (outcome) {
            case RECORDED -> {
                LOG.info("station {} reported mesh call {} ({})", device, report.callId(), report.outcome());
                text(ex, 201, "recorded call " + report.callId());
            }
            case ALREADY_RECORDED -> text(ex, 200, "call " + report.callId()
                    + " was recorded before");
            case ANOTHER_STATIONS -> text(ex, 409, "callId: " + report.callId()
                    + " is another station's call");
        }
    }
}
