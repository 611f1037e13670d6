package org.openintercom.agent.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.sip.internal.DigestClient.Challenge;

/** The digest answers against the worked examples of RFC 7616 §3.9.1 and RFC 2617 §3.5. */
class DigestClientTest {

    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String RFC7616_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static Challenge rfc7616(String algorithm) {
        return new Challenge("http-auth@example.org", RFC7616_NONCE, RFC7616_OPAQUE, algorithm, "auth, auth-int",
                false);
    }

    @Test
    void answers_the_rfc_7616_md5_example() {
        String header = DigestClient.authorization(rfc7616("MD5"), "GET", "/dir/index.html", "Mufasa",
                "Circle of Life", RFC7616_CNONCE, 1);

        assertThat(header).startsWith("Digest username=\"Mufasa\", realm=\"http-auth@example.org\"")
                .contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"", "algorithm=MD5", "qop=auth",
                        "nc=00000001", "cnonce=\"" + RFC7616_CNONCE + "\"", "opaque=\"" + RFC7616_OPAQUE + "\"",
                        "uri=\"/dir/index.html\"");
    }

    @Test
    void answers_the_rfc_7616_sha_256_example() {
        String header = DigestClient.authorization(rfc7616("SHA-256"), "GET", "/dir/index.html", "Mufasa",
                "Circle of Life", RFC7616_CNONCE, 1);

        assertThat(header).contains(
                "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"", "algorithm=SHA-256");
    }

    @Test
    void answers_the_rfc_2617_example_where_the_challenge_names_no_algorithm() {
        Challenge c = new Challenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "5ccc069c403ebaf9f0171e9517f40e41", null, "auth,auth-int", false);

        String header = DigestClient.authorization(c, "GET", "/dir/index.html", "Mufasa", "Circle Of Life",
                "0a4f113b", 1);

        assertThat(header).contains("response=\"6629fae49393a05397450978507c4ef1\"", "algorithm=MD5",
                "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    @Test
    void answers_a_challenge_without_qop_with_neither_cnonce_nor_nc() {
        // RFC 2069 style; the value is MD5(MD5(A1):nonce:MD5(A2)) (errata 1649 of RFC 2069's example)
        Challenge c = new Challenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null,
                false);

        String header = DigestClient.authorization(c, "GET", "/dir/index.html", "Mufasa", "CircleOfLife", "x", 1);

        assertThat(header).contains("response=\"1949323746fe6a43ef61f9606e7febea\"")
                .doesNotContain("qop", "nc=", "cnonce", "opaque");
    }

    @Test
    void counts_requests_under_one_nonce_in_hex() {
        String header = DigestClient.authorization(rfc7616("MD5"), "REGISTER", "sip:relay.example.com", "door",
                "secret", "c", 26);

        assertThat(header).contains("nc=0000001a");
    }

    @Test
    void prefers_the_strongest_challenge_it_can_answer() {
        Challenge md5 = rfc7616("MD5");
        Challenge sha256 = rfc7616("SHA-256");
        Challenge unknown = rfc7616("SHA-1024");

        assertThat(DigestClient.choose(List.of(md5, unknown, sha256))).contains(sha256);
        assertThat(DigestClient.choose(List.of(unknown))).isEmpty();
    }

    @Test
    void refuses_a_challenge_that_only_offers_auth_int() {
        Challenge c = new Challenge("r", "n", null, "MD5", "auth-int", false);

        assertThat(c.supported()).isFalse();
        assertThatThrownBy(() -> DigestClient.authorization(c, "REGISTER", "sip:x", "u", "p", "c", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth-int");
    }
}
