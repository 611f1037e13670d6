package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OtaMainTest {

    @TempDir
    Path dir;

    StringWriter out;
    StringWriter err;
    Clock clock = Releases.CLOCK;

    @BeforeEach
    void givenACaPassphraseFile() throws Exception {
        Files.writeString(dir.resolve("ca-pass"), "release ca passphrase\n");
        Files.writeString(dir.resolve("key-pass"), "signing key passphrase\n");
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = OtaMain.commandLine(Map.of(), clock);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    String p(String name) {
        return dir.resolve(name).toString();
    }

    void givenSignerAndSignedBundle(String algorithm) {
        assertThat(run("release-ca", "init", "--dir", p("ca"), "--passphrase-file", p("ca-pass"))).isZero();
        assertThat(run("release-ca", "issue-signer", "--dir", p("ca"), "--passphrase-file", p("ca-pass"),
                "--name", "release 2026", "--algorithm", algorithm, "--out-key", p("signer.key"),
                "--key-passphrase-file", p("key-pass"), "--out-chain", p("signer-chain.pem"))).as(err.toString())
                .isZero();
        Releases.givenReleaseCa(dir.resolve("unused")).givenPayload("fw.img", 300_000);
        Path payload = dir.resolve("unused").resolve("fw.img");
        assertThat(run("build", "--payload", payload.toString(), "--version", "1.4.0", "--models", "ID5,IM6",
                "--hardware", "A,B", "--security-critical", "--security-version", "5", "--chunk-size", "64KiB",
                "--out", p("fw.oib"))).as(err.toString()).isZero();
        assertThat(run("sign", "--bundle", p("fw.oib"), "--key", p("signer.key"), "--passphrase-file", p("key-pass"),
                "--chain", p("signer-chain.pem"))).as(err.toString()).isZero();
    }

    @Test
    void the_whole_release_flow_works_from_the_command_line_with_ed25519() {
        givenSignerAndSignedBundle("ed25519");

        int code = run("verify", p("fw.oib"), "--trust", p("ca/release-root.crt"));

        assertThat(code).as(out + "" + err).isZero();
        assertThat(out.toString()).startsWith("valid: ").contains("version 1.4.0 for ID5,IM6")
                .contains("CN=release 2026");
        assertThat(err.toString()).contains("verifying: 100% (300000 of 300000 bytes)");
    }

    @Test
    void the_whole_release_flow_works_from_the_command_line_with_p256() {
        givenSignerAndSignedBundle("p256");

        assertThat(run("verify", p("fw.oib"), "--trust", p("ca/release-root.crt"))).as(out.toString()).isZero();
    }

    @Test
    void inspect_prints_manifest_signer_and_chunk_count() {
        givenSignerAndSignedBundle("ed25519");

        assertThat(run("inspect", p("fw.oib"))).isZero();

        assertThat(out.toString()).contains("version:   1.4.0 (security-critical)", "hardware A,B",
                "5 chunks of 65536", "signed:    yes, Ed25519 by CN=release 2026", "\"securityVersion\" : 5");
    }

    @Test
    void inspect_says_when_a_bundle_is_not_signed() {
        givenSignerAndSignedBundle("ed25519");
        run("build", "--payload", p("ca-pass"), "--version", "1.4.1", "--models", "ID5", "--security-version", "5",
                "--chunk-size", "4096", "--out", p("unsigned.oib"));

        assertThat(run("inspect", p("unsigned.oib"))).isZero();
        assertThat(out.toString()).contains("signed:    no");
        assertThat(run("verify", p("unsigned.oib"), "--trust", p("ca/release-root.crt"))).isEqualTo(1);
        assertThat(out.toString()).startsWith("refused: NOT_SIGNED");
    }

    @Test
    void verify_exits_1_naming_the_bad_chunk_of_a_damaged_bundle() throws Exception {
        givenSignerAndSignedBundle("ed25519");
        Bundle b = Bundle.open(dir.resolve("fw.oib"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("fw.oib").toFile(), "rw")) {
            f.seek(b.payloadOffset() + 3 * 65536 + 7);
            f.write(new byte[] {1, 2, 3, 4});
        }

        assertThat(run("verify", p("fw.oib"), "--trust", p("ca/release-root.crt"))).isEqualTo(1);
        assertThat(out.toString()).startsWith("refused: PAYLOAD_MISMATCH: chunk 3 ");
    }

    @Test
    void verify_exits_1_once_the_signer_has_expired() {
        givenSignerAndSignedBundle("ed25519");
        clock = Clock.fixed(Releases.NOW.plus(Duration.ofDays(1200)), ZoneOffset.UTC);

        assertThat(run("verify", p("fw.oib"), "--trust", p("ca/release-root.crt"))).isEqualTo(1);
        assertThat(out.toString()).startsWith("refused: SIGNER_EXPIRED");
    }

    @Test
    void sign_with_out_leaves_the_input_unsigned() {
        givenSignerAndSignedBundle("p256");
        run("build", "--payload", p("ca-pass"), "--version", "1.4.1", "--models", "ID5", "--security-version", "5",
                "--out", p("in.oib"));

        assertThat(run("sign", "--bundle", p("in.oib"), "--key", p("signer.key"), "--passphrase-file", p("key-pass"),
                "--chain", p("signer-chain.pem"), "--out", p("signed.oib"))).isZero();
        assertThat(Bundle.open(dir.resolve("in.oib")).signed()).isFalse();
        assertThat(run("verify", p("signed.oib"), "--trust", p("ca/release-root.crt"))).isZero();
    }

    @Test
    void a_wrong_key_passphrase_fails_with_exit_1() throws Exception {
        givenSignerAndSignedBundle("ed25519");
        Files.writeString(dir.resolve("bad-pass"), "nope\n");

        assertThat(run("sign", "--bundle", p("fw.oib"), "--key", p("signer.key"), "--passphrase-file", p("bad-pass"),
                "--chain", p("signer-chain.pem"))).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("passphrase is wrong");
    }

    @Test
    void bad_arguments_exit_with_2() {
        assertThat(run("build", "--payload", p("ca-pass"), "--version", "one", "--models", "ID5",
                "--security-version", "1", "--out", p("x.oib"))).isEqualTo(2);
        assertThat(err.toString()).contains("'one' is not a firmware version");
        assertThat(run("build", "--payload", p("ca-pass"), "--version", "1.0.0", "--models", "ID5",
                "--security-version", "1", "--chunk-size", "lots", "--out", p("x.oib"))).isEqualTo(2);
        assertThat(run("build", "--payload", p("ca-pass"), "--version", "1.0.0", "--models", "ID5",
                "--security-version", "1", "--delta-base", "0.9.0", "--out", p("x.oib"))).isEqualTo(2);
        assertThat(run("release-ca", "init", "--dir", p("ca"))).isEqualTo(2);
        assertThat(err.toString()).contains("needs a passphrase");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void build_help_works_although_build_has_a_firmware_version_option() {
        assertThat(run("build", "--help")).isZero();
        assertThat(out.toString()).contains("--version=V", "--security-version=N");
    }

    @Test
    void inspect_lists_chunk_digests_only_when_asked() {
        givenSignerAndSignedBundle("ed25519");

        run("inspect", p("fw.oib"));
        assertThat(out.toString()).contains("\"chunkSha256\" : \"(5 digests; --chunks lists them)\"");
        run("inspect", "--chunks", p("fw.oib"));
        assertThat(out.toString()).contains("\"chunkSha256\" : [ \"");
    }

    @Test
    void a_delta_bundle_records_its_base() {
        String sha = "ab".repeat(32);

        assertThat(run("build", "--payload", p("ca-pass"), "--version", "1.4.1", "--models", "ID5",
                "--security-version", "5", "--delta-base", "1.4.0", "--delta-base-sha256", sha.toUpperCase(),
                "--out", p("delta.oib"))).as(err.toString()).isZero();

        assertThat(Bundle.open(dir.resolve("delta.oib")).unverifiedManifest().deltaBase())
                .hasValue(new DeltaBase(FirmwareVersion.parse("1.4.0"), sha));
    }
}
