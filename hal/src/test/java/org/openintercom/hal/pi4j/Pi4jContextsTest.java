package org.openintercom.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.model.DeviceModels;

/** The gpiod context fails clearly where there is no GPIO chip. */
class Pi4jContextsTest {

    @Test
    void a_machine_without_a_gpio_chip_gets_a_clear_hardware_exception(@TempDir Path dev) {
        assertThatThrownBy(() -> Pi4jContexts.gpiod(dev))
                .isInstanceOf(HardwareException.class)
                .hasMessageContaining("gpiochip");
    }

    @Test
    void finds_a_gpio_chip_device(@TempDir Path dev) throws IOException {
        assertThat(Pi4jContexts.hasGpioChip(dev)).isFalse();
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(Pi4jContexts.hasGpioChip(dev)).isTrue();
    }

    @Test
    void station_hardware_without_a_context_fails_clearly_where_there_is_no_gpio_chip() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Pi4jContexts.hasGpioChip(Path.of("/dev")));
        PinMap pins = PinMap.builder().pin("call", 17, true).pin("door", 27, false).pin("door-contact", 22, false)
                .pin("tamper", 23, true).pin("led-calling", 24, false).build();

        assertThatThrownBy(() -> Pi4jStationHardware.builder(DeviceModels.byId("ET 908H"), pins).build())
                .isInstanceOf(HardwareException.class)
                .hasMessageContaining("no GPIO chip");
    }
}
