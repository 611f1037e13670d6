package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.RealPeers;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.agent.tls.DemoPki;
import org.openintercom.provisioning.pki.Identities;

/**
 * The relay against sipp over real TLS. Debian's sipp is built without OpenSSL, so stunnel carries its SIP: the
 * caller's sipp speaks TCP to a stunnel client that connects to the relay's TLS port (and checks the relay's
 * certificate against the demo CA); the relay opens TLS to the callee's stunnel server (a demo certificate for
 * "callee", and it requires the relay's own), which hands the SIP to the callee's sipp over TCP. The relay listens on
 * TLS only. Sources: 127.0.0.1 is trusted (no digest), 127.0.0.2 is not.
 */
@Tag("interop")
class SipRelaySippTlsTest {

    @TempDir
    static Path dir;
    static SipRelay relay;
    static StunnelProcess tunnels;
    /** The relay's TLS address, as the scenarios put it in Request-URIs ({@code -key relay}). */
    static String relayAddress;
    /** stunnel clients to the relay: from the trusted 127.0.0.1 and from the untrusted 127.0.0.2. */
    static int callerTunnel;
    static int strangerTunnel;
    /** The callee's stunnel server (its TLS contact) and the sipp behind it (TCP). */
    static int calleeTunnel;
    static int calleeSipp;

    @BeforeAll
    static void startRelayAndTunnels() throws Exception {
        RealPeers.require("sipp", "sip-tester");
        RealPeers.require("stunnel", "stunnel4");
        DemoPki pki = DemoPki.in(dir.resolve("pki"));
        relay = SipRelay.start(SipRelayConfig.builder().udpPort(null).tcpPort(null)
                .tls(0, new RelayTls(pki.station("relay"), DemoPki.PASSWORD, pki.trustStore(), DemoPki.PASSWORD,
                        Identities::commonName))
                .trust("127.0.0.1/32").ringTimeout(Duration.ofSeconds(10)).build(),
                new InMemorySipAccounts().put(SipAccount.withPassword("alice", "openintercom", "alice-password")));
        int relayTls = relay.port("tls").orElseThrow();
        relayAddress = "127.0.0.1:" + relayTls;
        callerTunnel = TestStations.freePort();
        strangerTunnel = TestStations.freePort();
        calleeTunnel = TestStations.freePort();
        calleeSipp = TestStations.freePort();
        Path calleeCert = pki.pem("callee");
        tunnels = StunnelProcess.start(dir.resolve("stunnel"),
                StunnelProcess.Service.client("caller", callerTunnel, relayTls, pki.caPem(), "127.0.0.1"),
                StunnelProcess.Service.client("stranger", strangerTunnel, relayTls, pki.caPem(), "127.0.0.2"),
                StunnelProcess.Service.server("callee", calleeTunnel, calleeSipp, calleeCert, pki.caPem()));
    }

    @AfterAll
    static void stop() {
        if (tunnels != null) {
            tunnels.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void sipp_calls_a_registered_sipp_through_the_relay_over_tls_both_ways() throws Exception {
        SippProcess.Result registered = SippProcess.start(dir.resolve("register"), "register-tls",
                "127.0.0.1:" + callerTunnel, "127.0.0.1", TestStations.freePort(), tls("-s", "callee", "-m", "1"))
                .await(30);
        assertThat(registered.exitCode()).as(registered.output() + tunnels.log()).isZero();
        List<Binding> bindings = relay.location().lookup("callee");
        assertThat(bindings).as("registered over TLS with a TLS contact").singleElement().satisfies(b -> {
            assertThat(b.transport()).isEqualTo("tls");
            assertThat(b.contact()).isEqualTo("sip:callee@127.0.0.1:" + calleeTunnel + ";transport=tls");
        });

        SippProcess callee = SippProcess.start(dir.resolve("uas"), "uas-tls", null, "127.0.0.1", calleeSipp,
                tls("-s", "callee", "-m", "20", "-mp", String.valueOf(TestStations.freePort()), "-trace_msg"));
        assertThat(StunnelProcess.awaitListening(Duration.ofSeconds(10), calleeSipp)).as("the callee's sipp listens")
                .isTrue();
        SippProcess caller = SippProcess.start(dir.resolve("uac"), "uac-tls", "127.0.0.1:" + callerTunnel,
                "127.0.0.1", TestStations.freePort(), tls("-s", "callee", "-m", "20", "-r", "20", "-l", "20", "-d",
                        "200", "-mp", String.valueOf(TestStations.freePort()), "-trace_msg"));
        SippProcess.Result calls = caller.await(60);
        SippProcess.Result answered = callee.await(30);
        assertThat(calls.exitCode()).as(calls.output() + tunnels.log()).isZero();
        assertThat(answered.exitCode()).as(answered.output() + tunnels.log()).isZero();
        assertThat(relay.callsInProgress()).isZero();
        // the relay record-routed with its TLS address, and the callee got every ACK and BYE from it over TLS
        assertThat(received("uac")).containsPattern("(?m)^Record-Route: <sip:" + relayAddress.replace(".", "\\.")
                + ";[^>]*transport=tls");
        String atCallee = received("uas");
        assertThat(count(atCallee, "(?m)^INVITE sip:callee@127\\.0\\.0\\.1:" + calleeTunnel + ";transport=tls"))
                .isEqualTo(20);
        assertThat(count(atCallee, "(?m)^ACK sip:callee@127\\.0\\.0\\.1:" + calleeTunnel)).isEqualTo(20);
        assertThat(count(atCallee, "(?m)^BYE sip:callee@127\\.0\\.0\\.1:" + calleeTunnel)).isEqualTo(20);
        assertThat(count(atCallee, "(?m)^Via: SIP/2\\.0/TLS " + relayAddress.replace(".", "\\.") + ";"))
                .as("the relay's own Via on top of every request it forwarded").isEqualTo(60);
        assertThat(tunnels.log()).as("the relay showed its certificate to the callee's stunnel server")
                .contains("Certificate accepted at depth=0: CN=relay");
    }

    @Test
    void an_invite_over_tls_without_credentials_from_an_untrusted_source_is_challenged() throws Exception {
        SippProcess.Result r = SippProcess.start(dir.resolve("unauth"), "uac-unauthenticated-tls",
                "127.0.0.1:" + strangerTunnel, "127.0.0.1", TestStations.freePort(), tls("-s", "alice", "-m", "3"))
                .await(30);
        assertThat(r.exitCode()).as(r.output() + tunnels.log()).isZero();
    }

    /** The messages sipp received in run {@code name}, from its {@code -trace_msg} log (what it sent is left out). */
    private static String received(String name) throws IOException {
        try (var files = Files.list(dir.resolve(name))) {
            Path log = files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).findFirst()
                    .orElseThrow(() -> new AssertionError("sipp wrote no messages log in " + dir.resolve(name)));
            // entries start with a line of dashes and a time, then "TCP message received [n] bytes :"
            return Arrays.stream(Files.readString(log).split("(?m)^-{20,}"))
                    .filter(entry -> entry.contains(" message received ")).collect(Collectors.joining());
        }
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    /**
     * sipp's arguments for a run through a tunnel: TCP with one connection ({@code -t t1}), the relay's TLS address
     * and this side's TLS port (the callee's tunnel) for the scenarios, then {@code args}.
     */
    private static String[] tls(String... args) {
        List<String> all = new ArrayList<>(List.of("-t", "t1", "-key", "relay", relayAddress, "-key",
                "tls_port", String.valueOf(calleeTunnel)));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
