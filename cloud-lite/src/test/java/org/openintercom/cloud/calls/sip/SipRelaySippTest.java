package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.Baresip;

/**
 * The relay against sipp (Debian's sip-tester) over UDP: calls from a sipp caller through the relay to a
 * registered sipp callee (route set, ACK and BYE through the relay), an unauthenticated INVITE challenged; and
 * raw datagrams for a malformed request (400) and a flood from one source (503 with Retry-After). Sources:
 * 127.0.0.1 is trusted (no digest, no rate limit, like a trunk), 127.0.0.2 and 127.0.0.3 are not.
 */
@Tag("interop")
class SipRelaySippTest {

    @TempDir
    static Path dir;
    static SipRelay relay;
    static int port;

    @BeforeAll
    static void startRelay() {
        relay = SipRelay.start(SipRelayConfig.builder().tcpPort(null).trust("127.0.0.1/32").floodLimit(50)
                .ringTimeout(Duration.ofSeconds(10)).build(),
                new InMemorySipAccounts().put(SipAccount.withPassword("alice", "openintercom", "alice-password")));
        port = relay.port("udp").orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void sipp_calls_a_registered_sipp_through_the_relay() throws Exception {
        int calleePort = Baresip.freePortPair();
        SippProcess.Result registered = SippProcess.start(dir.resolve("register"), "register", "127.0.0.1:" + port,
                "127.0.0.1", calleePort, "-s", "callee", "-m", "1").await(30);
        assertThat(registered.exitCode()).as(registered.output()).isZero();
        assertThat(relay.location().lookup("callee")).hasSize(1);

        SippProcess callee = SippProcess.start(dir.resolve("uas"), "uas", null, "127.0.0.1", calleePort, "-m", "20",
                "-mp", String.valueOf(Baresip.freePortPair()));
        SippProcess caller = SippProcess.start(dir.resolve("uac"), "uac", "127.0.0.1:" + port, "127.0.0.1",
                Baresip.freePortPair(), "-s", "callee", "-m", "20", "-r", "20", "-l", "20", "-d", "200", "-mp",
                String.valueOf(Baresip.freePortPair()));
        SippProcess.Result calls = caller.await(60);
        SippProcess.Result answered = callee.await(30);
        assertThat(calls.exitCode()).as(calls.output()).isZero();
        assertThat(answered.exitCode()).as(answered.output()).isZero();
        assertThat(relay.callsInProgress()).isZero();
    }

    @Test
    void an_invite_without_credentials_is_challenged() throws Exception {
        SippProcess.Result r = SippProcess.start(dir.resolve("unauth"), "uac-unauthenticated", "127.0.0.1:" + port,
                "127.0.0.2", Baresip.freePortPair(), "-s", "alice", "-m", "3").await(30);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void a_malformed_request_is_answered_400_and_the_relay_goes_on() throws Exception {
        try (DatagramSocket s = socket("127.0.0.2")) {
            String reply = exchange(s, request("INVITE", "z9hG4bK-bad-1", "bad-1")
                    .replace("CSeq: 1 INVITE", "CSeq: one INVITE"));
            assertThat(reply).startsWith("SIP/2.0 400");
            assertThat(exchange(s, request("OPTIONS", "z9hG4bK-ok-1", "ok-1"))).startsWith("SIP/2.0 200");
        }
    }

    @Test
    void a_flood_from_one_source_gets_503_with_retry_after_and_other_sources_are_still_served() throws Exception {
        List<String> replies = new ArrayList<>();
        try (DatagramSocket s = socket("127.0.0.3")) {
            s.setReceiveBufferSize(4 << 20);
            // 1000 requests in 200 ms, far above the 50/s (burst 100) a source may send
            for (int i = 0; i < 1000; i++) {
                byte[] b = request("OPTIONS", "z9hG4bK-flood-" + i, "flood-" + i).getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
                if (i % 100 == 99) {
                    Thread.sleep(20);
                }
            }
            s.setSoTimeout(1000);
            while (true) {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                    s.receive(p);
                    replies.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
        }
        long ok = replies.stream().filter(r -> r.startsWith("SIP/2.0 200")).count();
        List<String> refused = replies.stream().filter(r -> r.startsWith("SIP/2.0 503")).toList();
        assertThat(ok).as("served: the burst and what the rate refills meanwhile").isBetween(90L, 400L);
        assertThat(refused).as("refused").hasSizeGreaterThan(400);
        assertThat(refused.get(0)).containsPattern("(?m)^Retry-After: \\d+");
        try (DatagramSocket other = socket("127.0.0.4")) {
            assertThat(exchange(other, request("OPTIONS", "z9hG4bK-other-1", "other-1"))).startsWith("SIP/2.0 200");
        }
    }

    private static DatagramSocket socket(String ip) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0));
        s.setSoTimeout(3000);
        return s;
    }

    private static String exchange(DatagramSocket s, String request) throws Exception {
        byte[] b = request.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            s.receive(p);
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!reply.startsWith("SIP/2.0 100")) {
                return reply;
            }
        }
    }

    private static String request(String method, String branch, String callId) {
        return method + " sip:relay@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.9:5999;branch=" + branch + ";rport\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=t" + callId + "\r\n"
                + "To: <sip:relay@127.0.0.1:" + port + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
