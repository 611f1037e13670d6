package org.openintercom.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.auth.ScopeType;

class OrganisationAndUserStoreTest {

    private static final String KINDS = "org.openintercom.cloud.store.TestDatabase#kinds";

    @ParameterizedTest
    @MethodSource(KINDS)
    void sites_know_their_project_company_and_time_zone(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Company company = f.organisations.createCompany("Acme");
            Project project = f.organisations.createProject(company.id(), "Tower");
            Site site = f.organisations.createSite(project.id(), "Entrance", ZoneId.of("Europe/Berlin"));

            Site found = f.organisations.findSite(site.id()).orElseThrow();
            assertThat(found.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(found.companyId()).isEqualTo(company.id());
            assertThat(f.organisations.scopeOf(ScopeType.SITE, site.id()))
                    .contains(Scope.site(company.id(), project.id(), site.id()));
            assertThat(f.organisations.scopeOf(ScopeType.PROJECT, project.id()))
                    .contains(Scope.project(company.id(), project.id()));
            assertThat(f.organisations.scopeOf(ScopeType.COMPANY, 999)).isEmpty();
            assertThat(f.organisations.companies()).extracting(Company::name).containsExactly("Acme");
            assertThat(f.organisations.projects()).hasSize(1);
            assertThat(f.organisations.sites()).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void usernames_are_unique_and_roles_are_assigned_once(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            assertThat(f.users.create("ann", "hash")).isPresent();
            assertThat(f.users.create("ann", "other")).isEmpty();
            assertThat(f.users.find("ann").orElseThrow().passwordHash()).isEqualTo("hash");
            assertThat(f.users.count()).isEqualTo(1);

            assertThat(f.users.assign("ann", Role.INSTALLER, ScopeType.SITE, 4)).isTrue();
            assertThat(f.users.assign("ann", Role.INSTALLER, ScopeType.SITE, 4)).isFalse();
            assertThat(f.users.assignments("ann"))
                    .containsExactly(new RoleAssignment("ann", Role.INSTALLER, ScopeType.SITE, 4));
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void the_audit_log_lists_the_newest_entries_first(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            f.audit.record("ann", "claim", "device:A", AuditEntry.Outcome.OK, "site 1");
            f.audit.record("bob", "claim", "device:B", AuditEntry.Outcome.REFUSED, "typo");
            f.audit.record("cid", "unclaim", "device:A", AuditEntry.Outcome.OK, null);

            assertThat(f.audit.recent(2)).extracting(AuditEntry::actor).containsExactly("cid", "bob");
            assertThat(f.audit.recent(10).get(1).outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(f.audit.recent(10).get(1).at()).isEqualTo(f.clock.instant());
        }
    }
}
