package org.openintercom.cloud.calls.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.BERLIN;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.REALM;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.forwardingTo;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.ok;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.parallel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.cloud.calls.directory.DirectoryOutcome.Refusal;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.ForwardingRule;
import org.openintercom.cloud.calls.routing.GroupAction;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.DeviceId;

/** The call directory tables on H2 and PostgreSQL. */
class CallDirectoryStoreTest {

    private static final String KINDS = "org.openintercom.cloud.store.TestDatabase#kinds";

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_user_keeps_its_hashes_realm_display_name_and_rules_across_a_restart(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site site = f.store.givenSite("Tower");
            SipUser created = ok(f.directory.createUser(site.id(), "anna", "Anna Example", "correct horse"));
            f.store.clock.advance(Duration.ofMinutes(5));
            UserProfile rules = forwardingTo("anna", Destination.number("sip:+4930123@gw.example"))
                    .withDoNotDisturb(true);
            ok(f.directory.setRules(site.id(), "anna", rules));

            SipUser read = f.reopened().snapshot().user("anna").orElseThrow();

            assertThat(read.account()).isEqualTo(SipAccount.withPassword("anna", REALM, "correct horse"));
            assertThat(read.siteId()).isEqualTo(site.id());
            assertThat(read.displayName()).isEqualTo("Anna Example");
            assertThat(read.rules()).isEqualTo(rules);
            assertThat(read.createdAt()).isEqualTo(created.createdAt());
            assertThat(read.updatedAt()).isEqualTo(created.createdAt().plus(Duration.ofMinutes(5)));
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_ring_group_keeps_its_whole_definition_across_a_restart(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site site = f.store.givenSite("Tower");
            f.givenUser(site.id(), "anna");
            f.givenUser(site.id(), "ben");
            f.givenGroup(site.id(), "night");
            RingGroup lobby = parallel("lobby", "anna", "ben").withTiming(20, 45)
                    .withNoAnswer(GroupAction.forwardTo(Destination.group("night")))
                    .withQueue(3, GroupAction.forwardTo(Destination.number("tel:+4930999")));
            ok(f.directory.createGroup(site.id(), lobby));

            StoredRingGroup read = f.reopened().snapshot().group("lobby").orElseThrow();

            assertThat(read.group()).isEqualTo(lobby);
            assertThat(read.siteId()).isEqualTo(site.id());
            assertThat(f.directory.snapshot().groupsAt(site.id())).extracting(StoredRingGroup::id)
                    .containsExactly("lobby", "night");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_name_is_unique_across_users_and_groups_of_every_site(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site tower = f.store.givenSite("Tower");
            Site villa = f.store.givenSite("Villa");
            f.givenUser(tower.id(), "anna");
            f.givenGroup(tower.id(), "lobby");

            assertThat(f.directory.createUser(villa.id(), "anna", null, "long-enough").refusal())
                    .isEqualTo(Refusal.NAME_TAKEN);
            assertThat(f.directory.createUser(tower.id(), "lobby", null, "long-enough").refusal())
                    .isEqualTo(Refusal.NAME_TAKEN);
            assertThat(f.directory.createGroup(villa.id(), parallel("anna")).detail())
                    .isEqualTo("the name 'anna' is already a SIP user or ring group of the relay");
            assertThat(f.directory.snapshot().usersAt(villa.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_name_taken_by_another_instance_is_refused_by_the_database(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site site = f.store.givenSite("Tower");
            CallDirectoryStore other = f.reopened();
            f.givenUser(site.id(), "anna");

            // other's snapshot is stale: only the name table notices
            assertThat(other.snapshot().isTaken("anna")).isFalse();
            assertThat(other.createGroup(site.id(), parallel("anna")).refusal()).isEqualTo(Refusal.NAME_TAKEN);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void deleting_a_user_or_group_something_points_at_is_refused_naming_who(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site site = f.store.givenSite("Tower");
            f.givenUser(site.id(), "anna");
            f.givenUser(site.id(), "ben");
            f.givenGroup(site.id(), "night", "ben");
            ok(f.directory.createGroup(site.id(), parallel("lobby", "anna")
                    .withNoAnswer(GroupAction.forwardTo(Destination.group("night")))));
            ok(f.directory.setRules(site.id(), "anna", forwardingTo("anna", Destination.user("ben"))));

            DirectoryOutcome<SipUser> ben = f.directory.deleteUser(site.id(), "ben");
            DirectoryOutcome<StoredRingGroup> night = f.directory.deleteGroup(site.id(), "night");

            assertThat(ben.refusal()).isEqualTo(Refusal.IN_USE);
            assertThat(ben.detail()).isEqualTo("SIP user 'ben' is still used by group 'night' (members[0]),"
                    + " user 'anna' (rules[0].forwardTo)");
            assertThat(night.detail()).isEqualTo("ring group 'night' is still used by group 'lobby'"
                    + " (onNoAnswer.forwardTo)");
            assertThat(f.directory.snapshot().user("ben")).isPresent();

            ok(f.directory.deleteGroup(site.id(), "lobby"));
            ok(f.directory.deleteGroup(site.id(), "night"));
            ok(f.directory.setRules(site.id(), "anna", null));
            ok(f.directory.deleteUser(site.id(), "ben"));
            assertThat(f.reopened().snapshot().isTaken("ben")).isFalse();
            f.givenGroup(site.id(), "ben"); // the name is free again
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void groups_and_rules_may_only_name_users_groups_and_stations_of_their_own_site(TestDatabase.Kind kind) {
        DeviceId indoor = DeviceId.random();
        try (var f = new DirectoryFixture(kind, name -> name.equals(indoor.value()) ? Optional.of(1L)
                : Optional.empty())) {
            Site tower = f.store.givenSite("Tower");
            Site villa = f.store.givenSite("Villa");
            assertThat(tower.id()).isEqualTo(1L);
            f.givenUser(tower.id(), "anna");
            f.givenUser(villa.id(), "victor");
            f.givenGroup(villa.id(), "villa-desk");

            DirectoryOutcome<StoredRingGroup> group = f.directory.createGroup(tower.id(),
                    parallel("lobby", "anna", "victor", indoor.value(), "ghost")
                            .withNoAnswer(GroupAction.forwardTo(Destination.group("villa-desk"))));
            DirectoryOutcome<SipUser> rules = f.directory.setRules(tower.id(), "anna", UserProfile.of("anna",
                    BERLIN, ForwardingRule.busy(Destination.user("victor")), ForwardingRule.immediate(
                            Destination.user(indoor.value()))));

            assertThat(group.refusal()).isEqualTo(Refusal.INVALID);
            assertThat(group.detail()).isEqualTo("ring group 'lobby' is invalid:"
                    + " members[1].userId: no SIP user or station 'victor' at site 1;"
                    + " members[3].userId: no SIP user or station 'ghost' at site 1;"
                    + " onNoAnswer.forwardTo.value: no ring group 'villa-desk' at site 1");
            assertThat(rules.detail()).isEqualTo("user 'anna' is invalid:"
                    + " rules[0].forwardTo.value: no SIP user or station 'victor' at site 1");
            assertThat(f.directory.snapshot().group("lobby")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_user_or_group_of_another_site_is_not_found_there(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site tower = f.store.givenSite("Tower");
            Site villa = f.store.givenSite("Villa");
            f.givenUser(tower.id(), "anna");
            f.givenGroup(tower.id(), "lobby", "anna");

            assertThat(f.directory.updateUser(villa.id(), "anna", "X", null).refusal()).isEqualTo(Refusal.NOT_FOUND);
            assertThat(f.directory.deleteUser(villa.id(), "anna").detail()).isEqualTo("no SIP user 'anna' at site "
                    + villa.id());
            assertThat(f.directory.updateGroup(villa.id(), parallel("lobby")).refusal()).isEqualTo(Refusal.NOT_FOUND);
            assertThat(f.directory.deleteGroup(villa.id(), "lobby").refusal()).isEqualTo(Refusal.NOT_FOUND);
            assertThat(f.directory.snapshot().usersAt(tower.id())).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_new_password_replaces_both_hashes_and_a_missing_one_keeps_them(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            Site site = f.store.givenSite("Tower");
            ok(f.directory.createUser(site.id(), "anna", "Anna", "first-password"));

            ok(f.directory.updateUser(site.id(), "anna", "Anna B.", null));
            assertThat(f.reopened().snapshot().user("anna").orElseThrow().account())
                    .isEqualTo(SipAccount.withPassword("anna", REALM, "first-password"));
            ok(f.directory.updateUser(site.id(), "anna", null, "second-password"));

            SipUser read = f.reopened().snapshot().user("anna").orElseThrow();
            assertThat(read.account()).isEqualTo(SipAccount.withPassword("anna", REALM, "second-password"));
            assertThat(read.displayName()).isEqualTo("Anna B.");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void invalid_users_and_groups_are_refused_with_every_problem_named(TestDatabase.Kind kind) {
        try (var f = new DirectoryFixture(kind)) {
            long site = f.store.givenSite("Tower").id();

            assertThat(f.directory.createUser(site, "has space", "x".repeat(201), "short").detail())
                    .isEqualTo("SIP user 'has space' is invalid: username: 'has space' is not a valid SIP user"
                            + " name: use 1-64 letters, digits and - _ . ! ~ * ' ( ) & = + $ , ; ?;"
                            + " displayName: at most 200 characters, got 201; password: at least 8 characters");
            assertThat(f.directory.createUser(site, DeviceId.random().value().toLowerCase(), null, "long-enough")
                    .detail()).contains("looks like a device id, which is reserved for stations");
            assertThat(f.directory.createGroup(site, new RingGroup("lobby", null, null,
                    List.of(GroupMember.of("anna", -1)), 20, 60, true, null, null, null, null, 0, null)).detail())
                    .isEqualTo("ring group 'lobby' is invalid: strategy: required (PARALLEL, PRIORITY, LEAST_CALLED"
                            + " or RANDOM); zone: required (e.g. Europe/Berlin); members[0].priority: must be >= 0,"
                            + " got -1; members[0].userId: no SIP user or station 'anna' at site " + site);
            f.givenUser(site, "anna");
            assertThat(f.directory.setRules(site, "anna", forwardingTo("ben", Destination.user("anna"))).detail())
                    .isEqualTo("user 'anna' is invalid: id: must be 'anna', the user the rules belong to");
            assertThat(f.directory.snapshot().groupCount()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void of_eight_concurrent_creations_of_one_name_exactly_one_wins(TestDatabase.Kind kind) throws Exception {
        try (var f = new DirectoryFixture(kind); var pool = Executors.newFixedThreadPool(8)) {
            long site = f.store.givenSite("Tower").id();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Refusal>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean group = i % 2 == 0;
                results.add(pool.submit(() -> {
                    start.await();
                    DirectoryOutcome<?> o = group ? f.directory.createGroup(site, parallel("desk"))
                            : f.directory.createUser(site, "desk", null, "long-enough");
                    return o.refusal();
                }));
            }
            start.countDown();
            List<Refusal> refusals = new ArrayList<>();
            for (Future<Refusal> r : results) {
                refusals.add(r.get(30, TimeUnit.SECONDS));
            }

            assertThat(refusals).containsOnlyOnce((Refusal) null);
            assertThat(refusals).filteredOn(r -> r != null).containsOnly(Refusal.NAME_TAKEN).hasSize(7);
            assertThat(f.directory.snapshot().userCount() + f.directory.snapshot().groupCount()).isEqualTo(1);
        }
    }
}
