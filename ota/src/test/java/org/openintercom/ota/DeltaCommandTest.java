package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.ota.bench.SyntheticFirmware;
import picocli.CommandLine;

class DeltaCommandTest {

    @TempDir
    Path dir;

    StringWriter out;
    StringWriter err;

    Path oldImage;
    Path newImage;

    @BeforeEach
    void givenTwoVersionsOfAnImage() {
        SyntheticFirmware v1 = SyntheticFirmware.generate(7, 3 << 20, 16 << 10, 256 << 10);
        oldImage = v1.writeTo(dir.resolve("1.3.2.img"));
        newImage = v1.minorRelease(8, 2).writeTo(dir.resolve("1.4.0.img"));
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = OtaMain.commandLine(Map.of(), Releases.CLOCK);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    String p(String name) {
        return dir.resolve(name).toString();
    }

    Path givenBundle(Path image, String version) {
        Path bundle = dir.resolve(version + ".oib");
        BundleBuilder.build(image, new BundleSpec(FirmwareVersion.parse(version), List.of("ID5"), List.of(), false, 1,
                64 << 10, Optional.empty(), ""), bundle, Releases.CLOCK);
        return bundle;
    }

    @Test
    void delta_between_raw_images_then_apply_delta_reproduces_the_new_image() throws Exception {
        int made = run("delta", "--base", oldImage.toString(), "--target", newImage.toString(), "--out", p("x.patch"));

        assertThat(made).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("patch " + p("x.patch") + ": ")
                .contains("for a target of " + Files.size(newImage) + " bytes");
        assertThat(err.toString()).contains("making patch: 100%");
        assertThat(Files.size(dir.resolve("x.patch"))).isLessThan(Files.size(newImage) / 10);

        int applied = run("apply-delta", "--base", oldImage.toString(), "--patch", p("x.patch"), "--out", p("new.img"));

        assertThat(applied).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("applied ");
        assertThat(err.toString()).contains("applying: 100%");
        assertThat(Files.mismatch(dir.resolve("new.img"), newImage)).isEqualTo(-1);
    }

    @Test
    void delta_between_bundles_patches_their_payloads() throws Exception {
        Path oldBundle = givenBundle(oldImage, "1.3.2");
        Path newBundle = givenBundle(newImage, "1.4.0");

        assertThat(run("delta", "--base", oldBundle.toString(), "--target", newBundle.toString(), "--out",
                p("b.patch"))).as(err.toString()).isZero();
        assertThat(run("apply-delta", "--base", oldImage.toString(), "--patch", p("b.patch"), "--out",
                p("new.img"))).as(err.toString()).isZero();

        assertThat(Files.mismatch(dir.resolve("new.img"), newImage)).isEqualTo(-1);
    }

    @Test
    void apply_delta_refuses_a_patch_for_another_base_and_writes_nothing() {
        assertThat(run("delta", "--base", oldImage.toString(), "--target", newImage.toString(), "--out",
                p("x.patch"))).isZero();

        int code = run("apply-delta", "--base", newImage.toString(), "--patch", p("x.patch"), "--out", p("new.img"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: this patch is for the base payload with SHA-256 ");
        assertThat(dir.resolve("new.img")).doesNotExist();
        assertThat(dir.toFile().list()).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void apply_delta_refuses_a_damaged_patch() throws Exception {
        assertThat(run("delta", "--base", oldImage.toString(), "--target", newImage.toString(), "--out",
                p("x.patch"))).isZero();
        byte[] patch = Files.readAllBytes(dir.resolve("x.patch"));
        patch[patch.length / 2] ^= 0x55;
        Files.write(dir.resolve("x.patch"), patch);

        int code = run("apply-delta", "--base", oldImage.toString(), "--patch", p("x.patch"), "--out", p("new.img"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: the patch is damaged");
        assertThat(dir.resolve("new.img")).doesNotExist();
    }

    @Test
    void missing_files_are_bad_arguments() {
        assertThat(run("delta", "--base", p("nope.img"), "--target", newImage.toString(), "--out", p("x.patch")))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--base " + p("nope.img") + " cannot be read");
        assertThat(run("apply-delta", "--base", oldImage.toString(), "--patch", p("nope.patch"), "--out",
                p("new.img"))).isEqualTo(2);
    }
}
