package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Kamailio 5.6 as the reference SIP proxy of the call-relay benchmark, with a configuration the benchmark
 * writes: a stateful proxy that stays in the path ({@code record_route}, {@code loose_route}, {@code t_relay}) with
 * an in-memory registrar ({@code usrloc db_mode 0}), no authentication, UDP on loopback, 4 worker children. Runs in
 * the foreground; its worker processes are the main process's children.
 */
final class KamailioProxy implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/sbin/kamailio");
    static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");
    static final int CHILDREN = 4;

    private final Process process;
    private final Path log;
    private final int port;

    private KamailioProxy(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE) && Files.isDirectory(MODULES);
    }

    /** The first line of {@code kamailio -v}, e.g. "version: kamailio 5.6.3 (x86_64/linux)". */
    static String version() {
        try {
            Process p = new ProcessBuilder(EXECUTABLE.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("kamailio").replace("version: ", "").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + EXECUTABLE + " -v: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The configuration for a proxy on loopback UDP {@code port}. */
    static String config(int port) {
        return """
                #!KAMAILIO
                # Written by the OpenIntercom call-relay benchmark (RelayBench): a stateful proxy in the path with an
                # in-memory registrar, no authentication (like the relay with its callers' network trusted).
                debug=1
                log_stderror=yes
                memdbg=5
                memlog=5
                children=%2$d
                # the relay's 4 MiB receive buffer (SipRelay.UDP_BUFFER_BYTES), as far as net.core.rmem_max
                # allows; Kamailio probes up to this (default 256 KiB). Kamailio 5.6 has no send-buffer setting.
                maxbuffer=4194304
                disable_tcp=yes
                auto_aliases=no
                dns=no
                rev_dns=no
                listen=udp:127.0.0.1:%1$d
                alias="127.0.0.1:%1$d"
                mpath="%3$s/"

                loadmodule "tm.so"
                loadmodule "sl.so"
                loadmodule "rr.so"
                loadmodule "pv.so"
                loadmodule "maxfwd.so"
                loadmodule "textops.so"
                loadmodule "siputils.so"
                loadmodule "usrloc.so"
                loadmodule "registrar.so"

                modparam("usrloc", "db_mode", 0)
                modparam("rr", "enable_full_lr", 0)

                request_route {
                    if (!mf_process_maxfwd_header("10")) {
                        sl_send_reply("483", "Too Many Hops");
                        exit;
                    }
                    if (has_totag()) {
                        if (loose_route()) {
                            route(RELAY);
                        }
                        if (is_method("ACK")) {
                            if (t_check_trans()) {
                                route(RELAY);
                            }
                            exit;
                        }
                        sl_send_reply("404", "Not here");
                        exit;
                    }
                    if (is_method("CANCEL")) {
                        if (t_check_trans()) {
                            route(RELAY);
                        }
                        exit;
                    }
                    t_check_trans();
                    if (is_method("REGISTER")) {
                        if (!save("location")) {
                            sl_reply_error();
                        }
                        exit;
                    }
                    if (is_method("OPTIONS") && $rU == $null) {
                        sl_send_reply("200", "OK");
                        exit;
                    }
                    if (is_method("INVITE")) {
                        record_route();
                    }
                    if (!lookup("location")) {
                        sl_send_reply("404", "Not Found");
                        exit;
                    }
                    route(RELAY);
                }

                route[RELAY] {
                    if (!t_relay()) {
                        sl_reply_error();
                    }
                    exit;
                }
                """.formatted(port, CHILDREN, MODULES);
    }

    /** Starts Kamailio in {@code dir} on a free loopback UDP port and waits until it answers OPTIONS. */
    static KamailioProxy start(Path dir) {
        try {
            Files.createDirectories(dir);
            int port = freeUdpPort();
            Path cfg = dir.resolve("kamailio.cfg");
            Files.writeString(cfg, config(port), StandardCharsets.UTF_8);
            Path log = dir.resolve("kamailio.log");
            Process p = new ProcessBuilder(EXECUTABLE.toString(), "-f", cfg.toString(), "-P",
                    dir.toAbsolutePath().resolve("kamailio.pid").toString(), "-Y", dir.toAbsolutePath().toString(),
                    "-w", dir.toAbsolutePath().toString(), "-DD", "-E", "-m", "256", "-M", "16")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            KamailioProxy proxy = new KamailioProxy(p, log, port);
            proxy.awaitAnswering(Duration.ofSeconds(15));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kamailio in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitAnswering(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(200);
            int i = 0;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    close();
                    throw new IllegalStateException("kamailio exited with " + process.exitValue() + ": " + output());
                }
                byte[] b = options(s.getLocalPort(), i++).getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
                try {
                    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                    s.receive(reply);
                    return;
                } catch (SocketTimeoutException e) {
                    // not yet
                }
            }
        }
        close();
        throw new IllegalStateException("kamailio did not answer on udp port " + port + " within " + timeout + ": "
                + output());
    }

    private String options(int localPort, int n) {
        return "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-probe-" + n + "\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=probe" + n + "\r\n"
                + "To: <sip:127.0.0.1:" + port + ">\r\n"
                + "Call-ID: probe-" + n + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free udp port: " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    /** CPU seconds used so far by Kamailio's main process and its children (the workers, timers, ...). */
    double cpuSeconds() {
        return CpuTime.tree(process.pid());
    }

    String output() {
        return Processes.output(log);
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
