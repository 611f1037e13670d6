package org.openintercom.cloud.calls.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.interop.RealPeers;

/**
 * Debian's stunnel (package stunnel4) in the foreground, carrying TCP over real TLS for peers built without it
 * (Debian's sipp): a config file in its own directory, its log in {@code stunnel.log}, ready once every accept port
 * listens, stopped by {@link #close()}.
 */
final class StunnelProcess implements AutoCloseable {

    /**
     * One stunnel service: accepts on {@code 127.0.0.1:acceptPort} and connects to {@code 127.0.0.1:connectPort}.
     *
     * @param name the service's name in the config and the log
     * @param options its other lines ({@code client = yes}, {@code cert = ...}, {@code verifyChain = yes}, ...)
     */
    record Service(String name, int acceptPort, int connectPort, List<String> options) {

        /**
         * A TLS client: plain TCP in, TLS out to a server whose certificate chains to {@code caFile} and names
         * 127.0.0.1; no client certificate. Its outgoing connections come from {@code localIp}.
         */
        static Service client(String name, int acceptPort, int connectPort, Path caFile, String localIp) {
            return new Service(name, acceptPort, connectPort, List.of("client = yes", "local = " + localIp,
                    "CAfile = " + caFile, "verifyChain = yes", "checkIP = 127.0.0.1"));
        }

        /**
         * A TLS server with the certificate, chain and key in {@code certPem}, requiring a client certificate that
         * chains to {@code caFile}; plain TCP out.
         */
        static Service server(String name, int acceptPort, int connectPort, Path certPem, Path caFile) {
            return new Service(name, acceptPort, connectPort, List.of("cert = " + certPem, "CAfile = " + caFile,
                    "verifyChain = yes"));
        }
    }

    private final Path dir;
    private final Process process;

    private StunnelProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Writes {@code dir/stunnel.conf} with {@code services}, starts stunnel and waits until it listens on every
     * accept port; skips the test when stunnel is not installed, fails with its log when it does not come up.
     */
    static StunnelProcess start(Path dir, Service... services) throws IOException, InterruptedException {
        Path stunnel = RealPeers.require("stunnel", "stunnel4");
        Files.createDirectories(dir);
        List<String> conf = new ArrayList<>(List.of("foreground = yes", "pid =", "syslog = no", "debug = info"));
        for (Service s : services) {
            conf.add("");
            conf.add("[" + s.name() + "]");
            conf.add("accept = 127.0.0.1:" + s.acceptPort());
            conf.add("connect = 127.0.0.1:" + s.connectPort());
            conf.addAll(s.options());
        }
        Path file = Files.write(dir.resolve("stunnel.conf"), conf);
        Process p = new ProcessBuilder(stunnel.toString(), file.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stunnel.log").toFile()).start();
        StunnelProcess running = new StunnelProcess(dir, p);
        int[] ports = new int[services.length];
        for (int i = 0; i < services.length; i++) {
            ports[i] = services[i].acceptPort();
        }
        if (!awaitListening(Duration.ofSeconds(10), ports) || !p.isAlive()) {
            running.close();
            throw new IllegalStateException("stunnel did not listen on its accept ports " + List.of(services)
                    + "\n--- stunnel.conf ---\n" + String.join("\n", conf) + "\n" + running.log());
        }
        return running;
    }

    /**
     * Waits until TCP {@code ports} are in LISTEN state on this machine (read from {@code /proc/net/tcp}, so that
     * nothing connects to them just to find out); false when {@code timeout} passes first.
     */
    static boolean awaitListening(Duration timeout, int... ports) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> listening = listeningPorts();
            boolean all = true;
            for (int port : ports) {
                all &= listening.contains(String.format(Locale.ROOT, "%04X", port));
            }
            if (all) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The hex ports of the IPv4 and IPv6 TCP sockets in state LISTEN ({@code 0A}). */
    private static List<String> listeningPorts() {
        List<String> ports = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[3].equals("0A")) {
                        ports.add(f[1].substring(f[1].lastIndexOf(':') + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table + " (Linux only)", e);
            }
        }
        return ports;
    }

    /** Its log so far (connections, certificate checks, errors), for failure messages. */
    String log() {
        try {
            return "--- stunnel.log ---\n" + Files.readString(dir.resolve("stunnel.log"));
        } catch (IOException e) {
            return "--- stunnel.log cannot be read: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
