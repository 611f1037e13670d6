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
import org.openintercom.cloud.mqtt.MosquittoConfig;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.Pem;

/** A real Mosquitto 2.0 started with the generated {@link MosquittoConfig}, its server certificate from the cloud CA. */
final class MosquittoBroker implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
    /** The broker's process id (the shell execs Mosquitto, so it is Mosquitto's). */
    long pid() {
        return peer.pid();
    }

    /** The open-file limit the broker is started with (each TLS client costs one descriptor). */
    static final int OPEN_FILES = 65536;

    private final PeerProcess peer;

    private MosquittoBroker(PeerProcess peer) {
        this.peer = peer;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.11". */
    static String version() {
        try {
            Process p = new ProcessBuilder(EXECUTABLE.toString(), "-h").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("mosquitto").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + EXECUTABLE + " -h: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts Mosquitto on a free loopback port in {@code dir}: server certificate "mqtt" for 127.0.0.1/localhost
     * issued by {@code ca}, client certificates accepted if they chain to the cloud's issuing and root CA, the
     * open-file limit raised to {@link #OPEN_FILES} (or the hard limit) first.
     */
    static MosquittoBroker start(Path dir, CertificateAuthority ca) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = KeyPairs.ecP256();
            List<X509Certificate> chain = ca.issueService("mqtt", keys.getPublic(), List.of("localhost"),
                    List.of("127.0.0.1"), Duration.ofDays(1));
            Path cert = dir.resolve("mqtt.pem");
            Path key = dir.resolve("mqtt.key");
            Path caFile = dir.resolve("ca-chain.pem");
            Pem.writeCertificates(cert, chain);
            Pem.writePrivateKey(key, keys.getPrivate(), null);
            Pem.writeCertificates(caFile, List.of(ca.issuingCertificate(), ca.rootCertificate()));
            int port = PeerProcess.freePort();
            MosquittoConfig config = MosquittoConfig.builder().listener("127.0.0.1", port).caFile(caFile)
                    .serverCertificate(cert, key).aclFile(dir.resolve("acl"))
                    .runAsUser(System.getProperty("user.name")).build();
            Path conf = dir.resolve("mosquitto.conf");
            config.writeTo(conf);
            Path log = dir.resolve("mosquitto.log");
            String script = "ulimit -n " + OPEN_FILES + " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; "
                    + "echo \"open files: $(ulimit -n)\"; exec \"$0\" -c \"$1\"";
            Process p = new ProcessBuilder("/bin/sh", "-c", script, EXECUTABLE.toString(), conf.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new MosquittoBroker(PeerProcess.awaitListening("mosquitto", p, log, port, Duration.ofSeconds(10)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The broker's URI for Paho, {@code ssl://127.0.0.1:port}. */
    String uri() {
        return "ssl://127.0.0.1:" + peer.port();
    }

    /** The open-file limit the broker process runs with. */
    String openFiles() {
        return output().lines().filter(l -> l.startsWith("open files: ")).findFirst()
                .map(l -> l.substring("open files: ".length())).orElse("unknown");
    }

    /** What the broker has logged so far. */
    String output() {
        return peer.output();
    }

    @Override
    public void close() {
        peer.close();
    }
}
