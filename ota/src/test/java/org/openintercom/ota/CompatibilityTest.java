package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

    static final String H = "c".repeat(64);

    static Manifest manifest(String version, long securityVersion, List<String> hardware, DeltaBase base) {
        return new Manifest(1, FirmwareVersion.parse(version), List.of("ID5", "IM6"), hardware, false,
                securityVersion, 0, 4096, List.of(), H, Optional.ofNullable(base), Instant.EPOCH, "");
    }

    static Compatibility.Result check(Manifest m, String model, String hw, String current, long securityVersion) {
        return Compatibility.check(m, model, hw, FirmwareVersion.parse(current), securityVersion);
    }

    @Test
    void a_newer_version_for_the_model_is_ok() {
        Compatibility.Result r = check(manifest("1.3.0", 4, List.of(), null), "ID5", "B", "1.2.0", 4);

        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo("update 1.2.0 -> 1.3.0");
    }

    @Test
    void another_model_is_refused() {
        assertThat(check(manifest("1.3.0", 4, List.of(), null), "BF1", "A", "1.2.0", 4).reason())
                .isEqualTo(Compatibility.Reason.WRONG_MODEL);
    }

    @Test
    void a_hardware_revision_not_listed_is_refused() {
        assertThat(check(manifest("1.3.0", 4, List.of("C", "D"), null), "ID5", "B", "1.2.0", 4).reason())
                .isEqualTo(Compatibility.Reason.WRONG_HARDWARE);
    }

    @Test
    void a_lower_security_version_is_refused_even_for_a_newer_firmware() {
        Compatibility.Result r = check(manifest("1.3.0", 3, List.of(), null), "ID5", "A", "1.2.0", 4);

        assertThat(r.reason()).isEqualTo(Compatibility.Reason.DOWNGRADE_BELOW_SECURITY_VERSION);
        assertThat(r.message()).contains("security version 3, below the device's 4");
    }

    @Test
    void the_version_the_device_runs_is_refused() {
        assertThat(check(manifest("1.2.0", 4, List.of(), null), "IM6", "A", "1.2.0", 4).reason())
                .isEqualTo(Compatibility.Reason.SAME_VERSION);
    }

    @Test
    void an_older_version_at_the_same_security_version_is_a_rollback_and_ok() {
        Compatibility.Result r = check(manifest("1.1.0", 4, List.of(), null), "ID5", "A", "1.2.0", 4);

        assertThat(r.ok()).isTrue();
        assertThat(r.message()).startsWith("rollback");
    }

    @Test
    void a_delta_from_another_base_is_refused() {
        Manifest delta = manifest("1.3.0", 4, List.of(), new DeltaBase(FirmwareVersion.parse("1.1.0"), H));

        assertThat(check(delta, "ID5", "A", "1.2.0", 4).reason()).isEqualTo(Compatibility.Reason.WRONG_DELTA_BASE);
        assertThat(check(delta, "ID5", "A", "1.1.0", 4).ok()).isTrue();
    }
}
