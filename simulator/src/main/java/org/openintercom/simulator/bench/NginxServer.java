package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.Pem;

/**
 * A real nginx (Debian's {@code nginx-light}) serving a folder over HTTPS with the same rules as cloud-lite's
 * device endpoint: a server certificate from the cloud CA, client certificates required and checked against the
 * cloud's CA chain. The reference peer of the firmware download benchmark.
 */
final class NginxServer implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/sbin/nginx");

    private final PeerProcess peer;

    private NginxServer(PeerProcess peer) {
        this.peer = peer;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** What {@code nginx -v} prints, e.g. "nginx version: nginx/1.22.1". */
    static String version() {
        try {
            Process p = new ProcessBuilder(EXECUTABLE.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + EXECUTABLE + " -v: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts nginx in {@code dir} on a free loopback port, serving {@code root} under {@code urlPrefix}
     * ({@code GET urlPrefix + name} returns {@code root/name}, with Range support as nginx always has), as
     * many worker processes as cores.
     */
    static NginxServer start(Path dir, CertificateAuthority ca, Path root, String urlPrefix) {
        try {
            Files.createDirectories(dir.resolve("tmp"));
            KeyPair keys = KeyPairs.ecP256();
            List<X509Certificate> chain = ca.issueService("nginx", keys.getPublic(), List.of("localhost"),
                    List.of("127.0.0.1"), Duration.ofDays(1));
            Path cert = dir.resolve("server.pem");
            Path key = dir.resolve("server.key");
            Path caFile = dir.resolve("ca-chain.pem");
            Pem.writeCertificates(cert, chain);
            Pem.writePrivateKey(key, keys.getPrivate(), null);
            Pem.writeCertificates(caFile, List.of(ca.issuingCertificate(), ca.rootCertificate()));
            int port = PeerProcess.freePort();
            Path log = dir.resolve("error.log");
            String prefix = urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
            String conf = """
                    daemon off;
                    master_process on;
                    worker_processes auto;
                    pid %1$s/nginx.pid;
                    error_log %2$s warn;
                    user root;
                    events { worker_connections 4096; }
                    http {
                      access_log off;
                      sendfile on;
                      tcp_nopush on;
                      client_body_temp_path %1$s/tmp;
                      proxy_temp_path %1$s/tmp;
                      fastcgi_temp_path %1$s/tmp;
                      uwsgi_temp_path %1$s/tmp;
                      scgi_temp_path %1$s/tmp;
                      types { application/octet-stream oib; }
                      server {
                        listen 127.0.0.1:%3$d ssl;
                        ssl_certificate %4$s;
                        ssl_certificate_key %5$s;
                        ssl_client_certificate %6$s;
                        ssl_verify_client on;
                        ssl_verify_depth 3;
                        ssl_protocols TLSv1.3;
                        location %7$s {
                          alias %8$s/;
                        }
                      }
                    }
                    """.formatted(dir, log, port, cert, key, caFile, prefix, root.toAbsolutePath());
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(EXECUTABLE.toString(), "-c", confFile.toString(), "-p", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            return new NginxServer(PeerProcess.awaitListening("nginx", p, log, port, Duration.ofSeconds(10)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nginx in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The base URI, {@code https://127.0.0.1:port}. */
    String uri() {
        return "https://127.0.0.1:" + peer.port();
    }

    /** The process id of the nginx master (its workers are its children). */
    long pid() {
        return peer.pid();
    }

    @Override
    public void close() {
        peer.close();
    }
}
