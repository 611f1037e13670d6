package org.openintercom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.factory.QrDecoding;
import org.openintercom.provisioning.pki.BirthCertificates;
import org.openintercom.provisioning.pki.BirthVerification;
import org.openintercom.provisioning.pki.Pem;

class ProvisioningMainTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        var cl = ProvisioningMain.commandLine(env, Clock.systemUTC());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void factory_makes_devices_with_verifiable_birth_certificates_and_labels() throws Exception {
        Path pass = dir.resolve("pass.txt");
        Files.writeString(pass, "factory secret\n");

        int code = run(Map.of(), "factory", "--out", dir.toString(), "--count", "2", "--model", "ID5",
                "--hardware-revision", "C", "--passphrase-file", pass.toString());

        assertThat(code).as(err.toString()).isZero();
        List<Path> devices;
        try (Stream<Path> s = Files.list(dir.resolve("devices"))) {
            devices = s.toList();
        }
        assertThat(devices).hasSize(2);
        var root = Pem.readCertificate(dir.resolve("manufacturer-ca/manufacturer.crt"));
        for (Path d : devices) {
            DeviceFactoryData data = DeviceFactoryData.load(d);
            assertThat(data.device().model()).isEqualTo("ID5");
            assertThat(data.device().hardwareRevision()).isEqualTo("C");
            assertThat(BirthCertificates.verify(data.birthChain(), root, java.time.Instant.now()))
                    .isEqualTo(BirthVerification.valid(data.deviceId()));
            assertThat(QrDecoding.decode(ImageIO.read(d.resolve("label.png").toFile())))
                    .isEqualTo(data.claimCode().qrPayload());
            assertThat(out.toString()).contains(data.deviceId() + "  model=ID5  rev=C  claim="
                    + data.claimCode().typed());
        }
        assertThat(out.toString()).contains("█");
        assertThat(Files.exists(dir.resolve("manufacturer-ca/passphrase"))).isFalse();
    }

    @Test
    void factory_generates_a_passphrase_with_a_warning_and_reuses_it() throws Exception {
        int first = run(Map.of(), "factory", "--out", dir.toString(), "--count", "1", "--model", "ID5",
                "--no-terminal");
        int second = run(Map.of(), "factory", "--out", dir.toString(), "--count", "1", "--model", "ID5",
                "--no-terminal");

        assertThat(first).as(err.toString()).isZero();
        assertThat(second).as(err.toString()).isZero();
        Path generated = dir.resolve("manufacturer-ca/passphrase");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
        assertThat(err.toString()).contains("warning: no passphrase given").contains(generated.toString());
        assertThat(out.toString()).doesNotContain("█").hasLineCount(2);
    }

    @Test
    void factory_takes_the_passphrase_from_the_environment_and_fails_on_a_wrong_one() {
        Map<String, String> env = Map.of("OI_MANUFACTURER_PASSPHRASE", "env secret");
        assertThat(run(env, "factory", "--out", dir.toString(), "--count", "1", "--model", "ID5", "--no-terminal"))
                .isZero();

        int wrong = run(Map.of("OI_MANUFACTURER_PASSPHRASE", "other"), "factory", "--out", dir.toString(),
                "--count", "1", "--model", "ID5");

        assertThat(wrong).isEqualTo(1);
        assertThat(err.toString()).contains("passphrase is wrong").contains("manufacturer.key");
    }

    @Test
    void bad_arguments_exit_with_2_and_a_message() {
        assertThat(run(Map.of(), "factory", "--out", dir.toString(), "--count", "0", "--model", "ID5"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--count must be at least 1");
        assertThat(run(Map.of(), "factory", "--out", dir.toString(), "--count", "1", "--model", "bad model"))
                .isEqualTo(2);
        assertThat(run(Map.of(), "factory", "--count", "1", "--model", "ID5")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--out=DIR'");
        assertThat(run(Map.of(), "factory", "--out", dir.toString(), "--count", "1", "--model", "ID5",
                "--passphrase-file", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(run(Map.of(), "label", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a readable device directory");
        assertThat(run(Map.of())).isEqualTo(2);
    }

    @Test
    void label_prints_the_label_of_a_device_again() throws Exception {
        run(Map.of(), "factory", "--out", dir.toString(), "--count", "1", "--model", "ID5", "--no-terminal");
        Path device;
        try (Stream<Path> s = Files.list(dir.resolve("devices"))) {
            device = s.findFirst().orElseThrow();
        }
        DeviceFactoryData data = DeviceFactoryData.load(device);
        out.getBuffer().setLength(0);

        assertThat(run(Map.of(), "label", device.toString())).isZero();

        assertThat(out.toString()).contains(data.claimCode().typed()).contains("█");
        assertThat(QrDecoding.decode(QrDecoding.terminalImage(out.toString().substring(
                out.toString().indexOf('\n') + 1)))).isEqualTo(data.claimCode().qrPayload());
    }
}
