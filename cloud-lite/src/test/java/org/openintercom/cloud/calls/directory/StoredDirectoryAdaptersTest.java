package org.openintercom.cloud.calls.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.REALM;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.forwardingTo;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.ok;
import static org.openintercom.cloud.calls.directory.DirectoryFixture.parallel;

import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.store.Jdbc;
import org.openintercom.cloud.store.TestDatabase;

/** What the relay sees through the adapters: the snapshot, refreshed by every change, without the database. */
class StoredDirectoryAdaptersTest {

    @Test
    void a_change_through_the_store_is_seen_by_the_next_lookup() {
        try (var f = new DirectoryFixture(TestDatabase.Kind.H2)) {
            long site = f.store.givenSite("Tower").id();
            var accounts = new StoredSipAccounts(f.directory);
            var routing = new StoredRoutingDirectory(f.directory);
            assertThat(accounts.find("anna")).isEmpty();

            ok(f.directory.createUser(site, "anna", null, "first-password"));
            assertThat(accounts.find("anna")).contains(SipAccount.withPassword("anna", REALM, "first-password"));
            assertThat(routing.user("anna")).as("a user without rules").isEmpty();

            ok(f.directory.updateUser(site, "anna", null, "second-password"));
            assertThat(accounts.find("anna")).contains(SipAccount.withPassword("anna", REALM, "second-password"));

            UserProfile rules = forwardingTo("anna", Destination.number("tel:+4930123"));
            ok(f.directory.setRules(site, "anna", rules));
            assertThat(routing.user("anna")).contains(rules);

            ok(f.directory.createGroup(site, parallel("lobby", "anna")));
            assertThat(routing.group("lobby")).contains(parallel("lobby", "anna"));
            ok(f.directory.updateGroup(site, parallel("lobby", "anna").withTiming(20, 30)));
            assertThat(routing.group("lobby").orElseThrow().noAnswerSeconds()).isEqualTo(30);

            ok(f.directory.deleteGroup(site, "lobby"));
            ok(f.directory.deleteUser(site, "anna"));
            assertThat(routing.group("lobby")).isEmpty();
            assertThat(accounts.find("anna")).isEmpty();
            assertThat(accounts.find(null)).isEmpty();
        }
    }

    @Test
    void what_is_stored_is_loaded_at_start_and_lookups_never_touch_the_database() {
        try (var f = new DirectoryFixture(TestDatabase.Kind.H2)) {
            long site = f.store.givenSite("Tower").id();
            f.givenUser(site, "anna");
            f.givenGroup(site, "lobby", "anna");
            CallDirectoryStore restarted = f.reopened();
            var accounts = new StoredSipAccounts(restarted);
            var routing = new StoredRoutingDirectory(restarted);

            f.store.testDb.database().close();

            assertThat(accounts.find("anna")).isPresent();
            assertThat(routing.group("lobby")).isPresent();
        }
    }

    @Test
    void a_refused_change_leaves_the_snapshot_as_it_was() {
        try (var f = new DirectoryFixture(TestDatabase.Kind.H2)) {
            long site = f.store.givenSite("Tower").id();
            f.givenUser(site, "anna");
            f.givenGroup(site, "lobby", "anna");
            DirectorySnapshot before = f.directory.snapshot();

            assertThat(f.directory.deleteUser(site, "anna").isOk()).isFalse();
            assertThat(f.directory.createGroup(site, parallel("anna")).isOk()).isFalse();

            assertThat(new StoredSipAccounts(f.directory).find("anna")).isPresent();
            assertThat(f.directory.snapshot().user("anna")).isEqualTo(before.user("anna"));
            assertThat(f.directory.snapshot().groupCount()).isEqualTo(1);
        }
    }

    @Test
    void another_instance_sees_changes_after_a_reload() {
        try (var f = new DirectoryFixture(TestDatabase.Kind.H2)) {
            long site = f.store.givenSite("Tower").id();
            CallDirectoryStore other = f.reopened();
            f.givenUser(site, "anna");
            var accounts = new StoredSipAccounts(other);
            assertThat(accounts.find("anna")).isEmpty();

            other.reload();

            assertThat(accounts.find("anna")).isPresent();
        }
    }

    @Test
    void a_row_whose_json_cannot_be_read_is_left_out_and_the_rest_still_loads() {
        try (var f = new DirectoryFixture(TestDatabase.Kind.H2)) {
            long site = f.store.givenSite("Tower").id();
            f.givenUser(site, "anna");
            ok(f.directory.setRules(site, "anna", forwardingTo("anna", Destination.number("tel:+4930123"))));
            f.givenGroup(site, "lobby", "anna");
            f.givenGroup(site, "night", "anna");
            f.store.testDb.database().inTransaction("corrupt two rows", c -> {
                Jdbc.update(c, "UPDATE ring_groups SET definition = '{\"strategy\":\"SOMETIMES\"}'"
                        + " WHERE group_id = 'lobby'", ps -> { });
                return Jdbc.update(c, "UPDATE sip_users SET rules = 'not json' WHERE username = 'anna'", ps -> { });
            });

            CallDirectoryStore restarted = f.reopened();

            assertThat(new StoredRoutingDirectory(restarted).group("lobby")).isEmpty();
            assertThat(new StoredRoutingDirectory(restarted).group("night")).isPresent();
            assertThat(new StoredRoutingDirectory(restarted).user("anna")).as("the rules").isEmpty();
            assertThat(new StoredSipAccounts(restarted).find("anna")).as("the phone still registers").isPresent();
        }
    }
}
