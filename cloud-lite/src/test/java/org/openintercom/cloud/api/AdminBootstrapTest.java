package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.ScopeType;
import org.openintercom.cloud.store.RoleAssignment;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;

class AdminBootstrapTest {

    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void the_first_start_creates_admin_with_a_random_password_in_an_owner_only_file(@TempDir Path dataDir)
            throws Exception {
        try (var f = new StoreFixture(TestDatabase.Kind.H2)) {
            Path file = AdminBootstrap.ensureAdmin(f.users, hasher, dataDir, null).orElseThrow();

            String password = Files.readString(file).strip();
            assertThat(file).isEqualTo(dataDir.resolve("admin-password"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(hasher.verify(password, f.users.find("admin").orElseThrow().passwordHash())).isTrue();
            assertThat(f.users.assignments("admin"))
                    .containsExactly(new RoleAssignment("admin", Role.ADMIN, ScopeType.SYSTEM, 0));
            assertThat(AdminBootstrap.ensureAdmin(f.users, hasher, dataDir, null)).isEmpty();
        }
    }

    @Test
    void a_configured_initial_password_is_used_and_no_file_written(@TempDir Path dataDir) {
        try (var f = new StoreFixture(TestDatabase.Kind.H2)) {
            assertThat(AdminBootstrap.ensureAdmin(f.users, hasher, dataDir, "configured-pw")).isEmpty();

            assertThat(hasher.verify("configured-pw", f.users.find("admin").orElseThrow().passwordHash())).isTrue();
            assertThat(dataDir.resolve("admin-password")).doesNotExist();
        }
    }
}
