package org.openintercom.agent.config;

import java.time.Duration;
import java.util.Optional;
import org.openintercom.hal.io.RelayMode;

/**
 * Door opening: which relay, its mode and pulse time, the DTMF code that opens it during a call (empty = no
 * code), and after how long an open door contact raises "door open too long".
 */
public record DoorSettings(
        String relay, RelayMode mode, Duration pulse, Optional<String> dtmfCode, Duration openTooLong) {
}
