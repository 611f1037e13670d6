package org.openintercom.simulator.meshlan;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openintercom.cloud.CloudLiteMain;

/**
 * cloud-lite as operators run it ({@link CloudLiteMain}: embedded H2 and HiveMQ, its CA in the data folder, the SIP
 * call relay) in a JVM of its own inside the cloud's namespace, listening on its LAN address. It can be stopped and
 * started again on the same data folder.
 */
final class CloudLiteChild implements AutoCloseable {

    static final String ADMIN_PASSWORD = "lan-test-admin";
    private static final Duration START = Duration.ofSeconds(90);

    private final Ip ip;
    private final String ns;
    private final String address;
    private final Path dir;
    private final Path manufacturerRoot;
    private final Path logs;
    private ChildJvm jvm;
    private int starts;

    CloudLiteChild(Ip ip, String ns, String address, Path dir, Path logs, Path manufacturerRoot) {
        this.ip = ip;
        this.ns = ns;
        this.address = address;
        this.dir = dir;
        this.manufacturerRoot = manufacturerRoot;
        this.logs = logs;
    }

    /** Starts it and waits for its {@code ready} line. */
    CloudLiteChild start() {
        starts++;
        jvm = ChildJvm.start("cloud-lite", ip, ns, logs.resolve("cloud-lite-" + starts + ".log"),
                List.of("-Xmx512m"), // C2 too: PBKDF2 sign-ins take seconds with C1 only
                 CloudLiteMain.class.getName(), List.of("--data", dir.resolve("data").toString(), "--bind", address,
                        "--manufacturer-root", manufacturerRoot.toString(), "--admin-password", ADMIN_PASSWORD,
                        "--sip-udp-port", "-1", "--sip-tcp-port", "-1", "--media-ports", "30000-30200"));
        jvm.await(l -> l.startsWith("ready "), START, "ready line");
        return this;
    }

    URI api() {
        return URI.create("http://" + address + ":8080");
    }

    String deviceApi() {
        return "https://" + address + ":8443";
    }

    /** The cloud's root certificate (PEM), which stations trust for the device endpoint. */
    Path root() {
        Path root = dir.resolve("data/ca/root.crt");
        if (!Files.exists(root)) {
            throw new IllegalStateException("cloud-lite has no " + root + " yet");
        }
        return root;
    }

    ChildJvm jvm() {
        return jvm;
    }

    String tail() {
        return jvm == null ? "(cloud-lite not started)" : jvm.tail();
    }

    /** Stops it (SIGTERM: its parts stop in reverse order). */
    void stop() {
        if (jvm != null) {
            jvm.stop(Duration.ofSeconds(20));
        }
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
