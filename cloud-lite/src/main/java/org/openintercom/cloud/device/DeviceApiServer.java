package org.openintercom.cloud.device;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.pki.SslContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device endpoint on HTTPS with mutual TLS: {@code POST /device/v1/enroll} (birth certificate) and
 * {@code POST /device/v1/renew} (operational certificate), firmware downloads ({@link FirmwareDownloads}),
 * caller snapshots ({@link CallSnapshotUploads}) and call reports ({@link StationCallReports}) when given.
 * Requests larger than 64 KiB are refused.
 */
public final class DeviceApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceApiServer.class);
    public static final String ENROLL = "/device/v1/enroll";
    public static final String RENEW = "/device/v1/renew";
    static final int MAX_BODY = 64 * 1024;

    private final HttpsServer server;
    private final ExecutorService executor;

    private DeviceApiServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the endpoint on {@code address} (port 0 picks a free one). {@code tls} presents the endpoint's
     * certificate and trusts the manufacturer root (birth certificates) and the cloud root (renewals).
     */
    public static DeviceApiServer start(InetSocketAddress address, SSLContext tls, DeviceEndpoint endpoint) {
        return start(address, tls, endpoint, null);
    }

    /**
     * As {@link #start(InetSocketAddress, SSLContext, DeviceEndpoint)}, also serving firmware downloads under
     * {@code /device/v1/firmware/} when {@code firmware} is not null.
     */
    public static DeviceApiServer start(InetSocketAddress address, SSLContext tls, DeviceEndpoint endpoint,
            FirmwareDownloads firmware) {
        return start(address, tls, endpoint, firmware, null);
    }

    /**
     * As {@link #start(InetSocketAddress, SSLContext, DeviceEndpoint, FirmwareDownloads)}, also taking caller
     * snapshots under {@code /device/v1/calls/} when {@code snapshots} is not null.
     */
    public static DeviceApiServer start(InetSocketAddress address, SSLContext tls, DeviceEndpoint endpoint,
            FirmwareDownloads firmware, CallSnapshotUploads snapshots) {
        return start(address, tls, endpoint, firmware, snapshots, null);
    }

    /**
     * As {@link #start(InetSocketAddress, SSLContext, DeviceEndpoint, FirmwareDownloads, CallSnapshotUploads)},
     * also taking the stations' reports of calls the relay did not see ({@code POST /device/v1/calls}) when
     * {@code reports} is not null.
     */
    public static DeviceApiServer start(InetSocketAddress address, SSLContext tls, DeviceEndpoint endpoint,
            FirmwareDownloads firmware, CallSnapshotUploads snapshots, StationCallReports reports) {
        try {
            HttpsServer server = HttpsServer.create(address, 64);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    params.setSSLParameters(SslContexts.serverParameters(tls));
                }
            });
            // enrollment and renewal are short but use the database and the CA: as many at once as the old fixed
            // pool allowed, so a crowd of stations asking to enroll cannot starve the installer API of connections
            Semaphore enrolling = new Semaphore(ENROLLMENTS_AT_ONCE, true);
            server.createContext(ENROLL, ex -> limited(enrolling, ex, endpoint::enroll));
            server.createContext(RENEW, ex -> limited(enrolling, ex, endpoint::renew));
            if (firmware != null) {
                server.createContext(FirmwareRelease.DEVICE_PATH_PREFIX, firmware);
            }
            if (snapshots != null) {
                server.createContext(CallSnapshotUploads.PATH_PREFIX, snapshots);
            }
            if (reports != null) {
                // the longest matching context wins: /device/v1/calls/<Call-ID>/snapshot stays the uploads'
                server.createContext(StationCallReports.PATH, reports);
            }
            // one virtual thread per exchange: rate-capped downloads may last minutes each
            ExecutorService executor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("device-api-", 0).factory());
            server.setExecutor(executor);
            server.start();
            LOG.info("device endpoint listening on https://{}:{}", address.getHostString(), server.getAddress().getPort());
            return new DeviceApiServer(server, executor);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + address + " for the device endpoint: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Enrollments and renewals handled at once; the others wait their turn. */
    static final int ENROLLMENTS_AT_ONCE = 8;

    private static void limited(Semaphore permits, HttpExchange ex, Route route) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
            return;
        }
        try {
            handle(ex, route);
        } finally {
            permits.release();
        }
    }

    private interface Route {
        DeviceEndpoint.Answer answer(Certificate[] peer, byte[] body);
    }

    private static void handle(HttpExchange ex, Route route) throws IOException {
        try (ex) {
            DeviceEndpoint.Answer answer;
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                answer = new DeviceEndpoint.Answer(405, EnrollmentResponse.refused("use POST"));
            } else {
                byte[] body = readLimited(ex.getRequestBody());
                if (body == null) {
                    answer = new DeviceEndpoint.Answer(413, EnrollmentResponse.refused(
                            "request larger than " + MAX_BODY + " bytes"));
                } else {
                    answer = route.answer(peer(ex), body);
                }
            }
            byte[] out = ChannelJson.encode(answer.response());
            ex.getResponseHeaders().add("Content-Type", "application/json");
            answer.response().retryAfterSeconds()
                    .ifPresent(s -> ex.getResponseHeaders().add("Retry-After", String.valueOf(s)));
            ex.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            LOG.warn("device endpoint {} failed: {}", ex.getRequestURI(), e.toString());
            throw e;
        }
    }

    private static Certificate[] peer(HttpExchange ex) {
        try {
            return ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
