package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the relay does to keep JAIN-SIP's transaction layer cheap under load: stray responses skip the stack's walk
 * of its client transactions, and non-INVITE server transactions linger 5 s, not 32, after their final response.
 * The phones are plain UDP sockets.
 */
class SipRelayTransactionsTest {

    private SipRelay relay;
    private int port;

    @BeforeEach
    void start() {
        relay = SipRelay.start(SipRelayConfig.builder().tcpPort(null).trust("127.0.0.1/32").build(),
                new InMemorySipAccounts());
        port = relay.port("udp").orElseThrow();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void a_response_no_transaction_claims_is_forwarded_statelessly_to_the_next_via() throws Exception {
        try (DatagramSocket caller = socket(); DatagramSocket callee = socket()) {
            // a retransmitted 200 for an INVITE whose client transaction is gone: the relay's Via on top
            String host = relay.config().advertisedHost();
            RawSip.send(callee, port, "SIP/2.0 200 OK\r\n"
                    + "Via: SIP/2.0/UDP " + host + ":" + port + ";branch=z9hG4bK-gone-1\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.getLocalPort() + ";branch=z9hG4bK-caller-1\r\n"
                    + "From: <sip:door@relay>;tag=door1\r\n"
                    + "To: <sip:hall@relay>;tag=hall1\r\n"
                    + "Call-ID: stray-" + System.nanoTime() + "\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:hall@127.0.0.1:" + callee.getLocalPort() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n");

            String forwarded = RawSip.receive(caller);
            assertThat(forwarded).startsWith("SIP/2.0 200 OK\r\n").contains("branch=z9hG4bK-caller-1")
                    .doesNotContain("z9hG4bK-gone-1");
            assertThat(relay.strayResponses()).isEqualTo(1);

            // one whose top Via is not the relay's is not ours to forward: dropped
            RawSip.send(callee, port, "SIP/2.0 200 OK\r\n"
                    + "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK-elsewhere\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.getLocalPort() + ";branch=z9hG4bK-caller-2\r\n"
                    + "From: <sip:door@relay>;tag=door1\r\n"
                    + "To: <sip:hall@relay>;tag=hall1\r\n"
                    + "Call-ID: stray-" + System.nanoTime() + "\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Content-Length: 0\r\n\r\n");
            caller.setSoTimeout(500);
            assertThat(RawSip.receive(caller)).isEqualTo(RawSip.NOTHING);
            assertThat(relay.strayResponses()).isEqualTo(2);
        }
    }

    @Test
    void a_non_invite_transaction_lingers_about_five_seconds_after_its_answer_not_thirty_two() throws Exception {
        try (DatagramSocket phone = socket()) {
            String options = "OPTIONS sip:" + relay.config().advertisedHost() + ":" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.getLocalPort() + ";branch=z9hG4bK-opt-1\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:door@relay>;tag=door1\r\n"
                    + "To: <sip:relay>\r\n"
                    + "Call-ID: linger-" + System.nanoTime() + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            RawSip.send(phone, port, options);
            assertThat(RawSip.receive(phone)).startsWith("SIP/2.0 200 OK\r\n");
            long answered = System.nanoTime();
            assertThat(relay.serverTransactions()).isEqualTo(1);

            // a retransmission within the linger is absorbed: answered again from the transaction
            RawSip.send(phone, port, options);
            assertThat(RawSip.receive(phone)).startsWith("SIP/2.0 200 OK\r\n");
            assertThat(relay.serverTransactions()).isEqualTo(1);

            long deadline = answered + 20_000_000_000L;
            while (relay.serverTransactions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double lingered = (System.nanoTime() - answered) / 1e9;
            assertThat(relay.serverTransactions()).isZero();
            assertThat(lingered).as("seconds the transaction lingered").isBetween(4.0, 15.0);
        }
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        s.setSoTimeout(3000);
        return s;
    }


}
