package org.openintercom.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    private static final Scope COMPANY = Scope.company(1);
    private static final Scope PROJECT = Scope.project(1, 10);
    private static final Scope SITE_A = Scope.site(1, 10, 100);
    private static final Scope SITE_B = Scope.site(1, 11, 101);

    private static Principal user(Grant... grants) {
        return new Principal("ann", List.of(grants));
    }

    @Test
    void an_installer_at_a_company_may_configure_every_site_inside_it() {
        Principal p = user(new Grant(Role.INSTALLER, COMPANY));

        assertThat(Permissions.check(p, Action.CONFIGURE, SITE_A).allowed()).isTrue();
        assertThat(Permissions.check(p, Action.CONFIGURE, SITE_B).allowed()).isTrue();
        assertThat(Permissions.check(p, Action.ADMINISTER, SITE_A).allowed()).isFalse();
    }

    @Test
    void an_installer_at_a_site_is_refused_elsewhere_with_a_reason() {
        Principal p = user(new Grant(Role.INSTALLER, SITE_A));

        Decision d = Permissions.check(p, Action.CONFIGURE, SITE_B);

        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("ann has no role covering site 101");
        assertThat(Permissions.check(p, Action.READ, PROJECT).allowed()).isFalse();
        assertThat(Permissions.canSee(p, PROJECT)).isTrue();
        assertThat(Permissions.canSee(p, SITE_B)).isFalse();
    }

    @Test
    void a_viewer_only_reads() {
        Principal p = user(new Grant(Role.VIEWER, PROJECT));

        assertThat(Permissions.check(p, Action.READ, SITE_A).allowed()).isTrue();
        assertThat(Permissions.check(p, Action.CONFIGURE, SITE_A).reason())
                .contains("VIEWER at project 10").contains("does not allow claiming or configuring");
    }

    @Test
    void a_system_admin_may_do_everything() {
        Principal p = user(new Grant(Role.ADMIN, Scope.system()));

        assertThat(Permissions.check(p, Action.ADMINISTER, Scope.system()).allowed()).isTrue();
        assertThat(Permissions.check(p, Action.ADMINISTER, SITE_B).allowed()).isTrue();
        assertThat(Permissions.isAdminAnywhere(p)).isTrue();
    }
}
