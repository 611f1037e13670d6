package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipMessageTest {

    private static final String INVITE = "INVITE sip:m0@127.0.0.1:5080;transport=udp SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-relay-1\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-station-1;rport=5070\r\n"
            + "From: <sip:frontdoor@127.0.0.1>;tag=abc\r\n"
            + "t: <sip:residents@127.0.0.1:5060>\r\n"
            + "Call-ID: call-1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Content-Length: 0\r\n\r\n";

    @Test
    void a_response_copies_the_via_lines_in_order_and_tags_the_to_header() {
        SipMessage invite = SipMessage.parse(INVITE);
        assertThat(invite.isResponse()).isFalse();
        assertThat(invite.method()).isEqualTo("INVITE");
        assertThat(invite.header("To")).isEqualTo("<sip:residents@127.0.0.1:5060>");

        String ringing = invite.response(180, "Ringing", "m0-1", "<sip:m0@127.0.0.1:5080>");
        assertThat(ringing).isEqualTo("SIP/2.0 180 Ringing\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-relay-1\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-station-1;rport=5070\r\n"
                + "From: <sip:frontdoor@127.0.0.1>;tag=abc\r\n"
                + "To: <sip:residents@127.0.0.1:5060>;tag=m0-1\r\n"
                + "Call-ID: call-1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:m0@127.0.0.1:5080>\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertThat(invite.response(100, "Trying", null, null)).contains("To: <sip:residents@127.0.0.1:5060>\r\n");
    }

    @Test
    void reads_a_response_status_and_the_method_of_its_cseq() {
        SipMessage ok = SipMessage.parse("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n");
        assertThat(ok.isResponse()).isTrue();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.cseqMethod()).isEqualTo("REGISTER");
    }

    @Test
    void something_else_is_not_a_sip_message() {
        assertThat(SipMessage.parse("hello")).isNull();
        assertThat(SipMessage.parse("\r\n\r\n")).isNull();
    }
}
