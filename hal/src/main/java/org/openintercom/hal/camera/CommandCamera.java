package org.openintercom.hal.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.openintercom.hal.HardwareException;

/**
 * A camera that takes each picture by running a command which writes one JPEG to its standard output (on a
 * Raspberry Pi: {@code rpicam-still --nopreview -t 1 -o -}); width and height are read from the JPEG.
 */
public final class CommandCamera implements Camera {

    /** The Raspberry Pi camera stack's still command, writing the JPEG to stdout. */
    public static final List<String> DEFAULT_COMMAND = List.of("rpicam-still", "--nopreview", "-t", "1", "-o", "-");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_STDERR = 2000;

    private final List<String> command;
    private final Duration timeout;
    private final Clock clock;

    /** {@link #DEFAULT_COMMAND} with {@link #DEFAULT_TIMEOUT}. */
    public CommandCamera() {
        this(DEFAULT_COMMAND, DEFAULT_TIMEOUT);
    }

    public CommandCamera(List<String> command, Duration timeout) {
        this(command, timeout, Clock.systemUTC());
    }

    public CommandCamera(List<String> command, Duration timeout, Clock clock) {
        this.command = List.copyOf(command);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("camera command must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("camera timeout must be positive, not " + timeout);
        }
    }

    public List<String> command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public Snapshot snapshot() {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw new HardwareException("camera command " + command.get(0) + " cannot be run: " + e.getMessage()
                    + " (is it installed and on the PATH?)", e);
        }
        CompletableFuture<byte[]> stdout = readAll(process.getInputStream());
        CompletableFuture<byte[]> stderr = readAll(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new HardwareException("camera command " + String.join(" ", command) + " did not finish within "
                        + timeout);
            }
            byte[] jpeg = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String errors = stderrText(stderr);
            if (process.exitValue() != 0) {
                throw new HardwareException("camera command " + String.join(" ", command) + " exited with "
                        + process.exitValue() + (errors.isEmpty() ? "" : ": " + errors));
            }
            return decode(jpeg);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new HardwareException("interrupted while taking a picture", e);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            throw new HardwareException("cannot read the picture from " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Kills the command and what it started (a shell's children would keep the pipes open). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private Snapshot decode(byte[] jpeg) {
        if (jpeg.length < 3 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8 || (jpeg[2] & 0xff) != 0xff) {
            throw new HardwareException("camera command " + command.get(0) + " did not write a JPEG ("
                    + jpeg.length + " bytes" + (jpeg.length > 0 ? " starting " + hex(jpeg) : "") + ")");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new HardwareException("camera command " + command.get(0) + " wrote a broken JPEG: "
                    + e.getMessage(), e);
        }
        if (image == null) {
            throw new HardwareException("camera command " + command.get(0) + " wrote a JPEG that cannot be read");
        }
        return new Snapshot(jpeg, image.getWidth(), image.getHeight(), clock.instant());
    }

    private static CompletableFuture<byte[]> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new HardwareException("cannot read from the camera command: " + e.getMessage(), e);
            }
        }, runnable -> Thread.ofVirtual().name("camera-read").start(runnable));
    }

    private static String stderrText(CompletableFuture<byte[]> stderr) {
        try {
            String text = new String(stderr.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
            return text.length() > MAX_STDERR ? text.substring(text.length() - MAX_STDERR) : text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            text.append(String.format("%02x", bytes[i] & 0xff));
        }
        return text.toString();
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "CommandCamera" + command;
    }
}
