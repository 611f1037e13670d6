package org.openintercom.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.raspberrypi.platform.RaspberryPiPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.openintercom.hal.HardwareException;

/** Builds the Pi4J contexts the station uses: the Linux GPIO character device (gpiod) on a Raspberry Pi. */
public final class Pi4jContexts {

    private static final Path DEV = Path.of("/dev");

    private Pi4jContexts() {
    }

    /**
     * A context with the gpiod digital input and output providers on the Raspberry Pi platform, without
     * auto-detection (so no other plugin on the class path is picked up). Fails with a
     * {@link HardwareException} when there is no {@code /dev/gpiochip*} or the providers cannot start.
     */
    public static Context gpiod() {
        return gpiod(DEV);
    }

    static Context gpiod(Path dev) {
        if (!hasGpioChip(dev)) {
            throw new HardwareException("no GPIO chip: " + dev + "/gpiochip* does not exist; this is not a "
                    + "Raspberry Pi (or the gpio device is not mounted); use hardware.backend: emulated here");
        }
        try {
            return Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(new RaspberryPiPlatform())
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            throw new HardwareException("cannot start Pi4J with gpiod: " + e.getMessage()
                    + " (is the user in the 'gpio' group?)", e);
        }
    }

    static boolean hasGpioChip(Path dev) {
        if (!Files.isDirectory(dev)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dev)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("gpiochip"));
        } catch (IOException e) {
            return false;
        }
    }
}
