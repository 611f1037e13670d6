package org.openintercom.agent.update;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.IssueResult;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * A device API stand-in for tests: the JDK's HTTPS server with mutual TLS (a client certificate from the test CA
 * is required) serving files with single-range {@code Range} requests (206, 416), counting requests per path and
 * range, and with scripted faults: a range answered damaged once, a range cut short once, a path answered with
 * an error status.
 */
final class FirmwareServer implements AutoCloseable {

    static {
        // without it the JDK server's separate header and body writes meet the client's delayed ACK: 40 ms a request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final char[] PASSWORD = "test-ca".toCharArray();

    private final HttpsServer server;
    private final SSLContext deviceTls;
    private final java.security.PrivateKey deviceKey;
    private final List<java.security.cert.X509Certificate> deviceChain;
    private final java.security.cert.X509Certificate caRoot;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> statusTimes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Set<String> damageOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> truncateOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> clientSubjects = ConcurrentHashMap.newKeySet();

    FirmwareServer(Path dir) throws IOException {
        CertificateAuthority ca = CertificateAuthority.createOrLoad(dir.resolve("ca"), PASSWORD, Clock.systemUTC());
        KeyPair serverKeys = KeyPairs.ecP256();
        SSLContext serverTls = SslContexts.mutual(serverKeys.getPrivate(), ca.issueService("device-api",
                serverKeys.getPublic(), List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(30)),
                List.of(ca.rootCertificate()));
        KeyPair deviceKeys = KeyPairs.ecP256();
        DeviceId id = DeviceId.random();
        IssueResult issued = ca.issueDevice(CertificateRequests.create(deviceKeys, id), id);
        deviceKey = deviceKeys.getPrivate();
        deviceChain = List.copyOf(((IssueResult.Issued) issued).chain());
        caRoot = ca.rootCertificate();
        deviceTls = SslContexts.mutual(deviceKey, deviceChain, List.of(caRoot));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = SslContexts.serverParameters(serverTls);
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "firmware-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Forgets served files, statuses, faults and counters (one server serves the tests of a class). */
    void reset() {
        files.clear();
        statuses.clear();
        statusTimes.clear();
        requests.clear();
        damageOnce.clear();
        truncateOnce.clear();
    }

    /** The device API's base URL. */
    URI base() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** The device's mutual-TLS context (its certificate from the test CA). */
    SSLContext deviceTls() {
        return deviceTls;
    }

    /** The device's private key (for a station in another process). */
    java.security.PrivateKey deviceKey() {
        return deviceKey;
    }

    /** The device's certificate chain, leaf first. */
    List<java.security.cert.X509Certificate> deviceChain() {
        return deviceChain;
    }

    /** The test CA's root: what the device trusts for the server. */
    java.security.cert.X509Certificate caRoot() {
        return caRoot;
    }

    void serve(String path, Path file) {
        files.put(path, file);
    }

    /** Answers every request for {@code path} with {@code status}. */
    void status(String path, int status) {
        statuses.put(path, status);
    }

    /** Answers the next {@code times} requests for {@code path} with {@code status} (and {@code Retry-After: 0}). */
    void status(String path, int status, int times) {
        statuses.put(path, status);
        statusTimes.put(path, new AtomicInteger(times));
    }

    /** The next answer for exactly this range has one byte flipped. */
    void damageOnce(String path, long from, long to) {
        damageOnce.add(key(path, from, to));
    }

    /** The next answer for exactly this range stops half-way (the connection closes). */
    void truncateOnce(String path, long from, long to) {
        truncateOnce.add(key(path, from, to));
    }

    /** Requests for exactly this range so far. */
    int requests(String path, long from, long to) {
        AtomicInteger n = requests.get(key(path, from, to));
        return n == null ? 0 : n.get();
    }

    /** All requests for {@code path}. */
    int requests(String path) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(path + " "))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Requests for {@code path} that started at or after {@code from}. */
    int requestsFrom(String path, long from) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(path + " ")
                && Long.parseLong(e.getKey().split(" ")[1]) >= from).mapToInt(e -> e.getValue().get()).sum();
    }

    /** Subjects of the client certificates seen. */
    Set<String> clientSubjects() {
        return clientSubjects;
    }

    private static String key(String path, long from, long to) {
        return path + " " + from + " " + to;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            SSLSession session = ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession();
            try {
                clientSubjects.add(((java.security.cert.X509Certificate) session.getPeerCertificates()[0])
                        .getSubjectX500Principal().getName());
            } catch (SSLPeerUnverifiedException e) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            String path = ex.getRequestURI().getPath();
            Path file = files.get(path);
            Integer status = statuses.get(path);
            AtomicInteger times = statusTimes.get(path);
            if (status != null && times != null && times.getAndDecrement() <= 0) {
                status = null;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            if (status != null || file == null) {
                requests.computeIfAbsent(key(path, -1, -1), k -> new AtomicInteger()).incrementAndGet();
                if (status != null && (status == 429 || status == 408 || status == 503)) {
                    ex.getResponseHeaders().set("Retry-After", "0");
                }
                ex.sendResponseHeaders(status != null ? status : 404, -1);
                return;
            }
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long size = f.length();
                long from = 0;
                long to = size - 1;
                Matcher m = range == null ? null : RANGE.matcher(range);
                if (m != null && m.matches()) {
                    from = Long.parseLong(m.group(1));
                    to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                }
                requests.computeIfAbsent(key(path, from, to), k -> new AtomicInteger()).incrementAndGet();
                if (from >= size || from > to) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                byte[] body = new byte[(int) (to - from + 1)];
                f.seek(from);
                f.readFully(body);
                String k = key(path, from, to);
                if (damageOnce.remove(k)) {
                    body[body.length / 2] ^= 0x5a;
                }
                ex.getResponseHeaders().set("Accept-Ranges", "bytes");
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
                ex.sendResponseHeaders(range == null ? 200 : 206, body.length);
                OutputStream out = ex.getResponseBody();
                if (truncateOnce.remove(k)) {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    ex.getHttpContext(); // the exchange is closed below without the rest: the client sees a short body
                    throw new IOException("truncated on purpose");
                }
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
