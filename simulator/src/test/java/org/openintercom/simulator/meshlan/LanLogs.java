package org.openintercom.simulator.meshlan;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where the child JVMs' logs go: {@code target/meshlan/<test>-<time>}, kept after the test (its data is not). */
final class LanLogs {

    private LanLogs() {
    }

    static Path folder(String test) {
        return Path.of("target", "meshlan", test + "-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
    }
}
