package org.openintercom.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.hal.HardwareException;

/** The command camera with {@code sh -c} standing in for {@code rpicam-still}. */
class CommandCameraTest {

    @TempDir
    Path dir;

    private static CommandCamera shell(String script, Duration timeout) {
        return new CommandCamera(List.of("sh", "-c", script), timeout);
    }

    @Test
    void takes_the_jpeg_the_command_writes_and_reads_its_size() throws IOException {
        Path file = dir.resolve("picture.jpg");
        ImageIO.write(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB), "jpeg", file.toFile());

        Snapshot snapshot = shell("cat '" + file + "'", Duration.ofSeconds(5)).snapshot();

        assertThat(snapshot.width()).isEqualTo(320);
        assertThat(snapshot.height()).isEqualTo(240);
        assertThat(snapshot.jpeg()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void the_default_command_is_rpicam_still_to_stdout_with_five_seconds() {
        CommandCamera camera = new CommandCamera();

        assertThat(camera.command()).containsExactly("rpicam-still", "--nopreview", "-t", "1", "-o", "-");
        assertThat(camera.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_missing_command_is_a_hardware_exception_naming_it() {
        CommandCamera camera = new CommandCamera(List.of("no-such-camera-command-xyz"), Duration.ofSeconds(5));

        assertThatThrownBy(camera::snapshot).isInstanceOf(HardwareException.class)
                .hasMessageContaining("no-such-camera-command-xyz");
    }

    @Test
    void a_failing_command_reports_its_exit_code_and_stderr() {
        assertThatThrownBy(shell("echo 'no cameras available' >&2; exit 3", Duration.ofSeconds(5))::snapshot)
                .isInstanceOf(HardwareException.class)
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("no cameras available");
    }

    @Test
    void a_command_that_hangs_times_out() {
        long start = System.nanoTime();

        assertThatThrownBy(shell("sleep 10", Duration.ofMillis(300))::snapshot)
                .isInstanceOf(HardwareException.class)
                .hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void output_that_is_not_a_jpeg_is_refused() {
        assertThatThrownBy(shell("echo hello", Duration.ofSeconds(5))::snapshot)
                .isInstanceOf(HardwareException.class)
                .hasMessageContaining("did not write a JPEG");
        assertThatThrownBy(shell("true", Duration.ofSeconds(5))::snapshot)
                .isInstanceOf(HardwareException.class)
                .hasMessageContaining("0 bytes");
    }
}
