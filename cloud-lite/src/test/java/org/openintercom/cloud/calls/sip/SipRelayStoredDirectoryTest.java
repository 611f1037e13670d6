package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.cloud.calls.directory.CallDirectoryStore;
import org.openintercom.cloud.calls.directory.StationLookup;
import org.openintercom.cloud.calls.directory.StoredRoutingDirectory;
import org.openintercom.cloud.calls.directory.StoredSipAccounts;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;

/**
 * The relay fed by the call directory (sipp over UDP): a phone registers with the password stored for it, is
 * refused with the old one once the password changed, and a call to a ring group stored afterwards reaches it.
 * 127.0.0.1 is trusted (the caller); the phone at 127.0.0.2 must authenticate.
 */
@Tag("interop")
class SipRelayStoredDirectoryTest {

    @TempDir
    Path dir;
    private StoreFixture store;
    private CallDirectoryStore directory;
    private SipRelay relay;
    private int port;
    private long site;

    @BeforeEach
    void startRelay() {
        store = new StoreFixture(TestDatabase.Kind.H2);
        directory = new CallDirectoryStore(store.testDb.database(), store.clock, "openintercom", StationLookup.NONE);
        relay = SipRelay.start(SipRelayConfig.builder().tcpPort(null).trust("127.0.0.1/32")
                        .ringTimeout(Duration.ofSeconds(10)).build(),
                new StoredSipAccounts(directory), new StoredRoutingDirectory(directory), new CallRouter(),
                CallObserver.NONE);
        port = relay.port("udp").orElseThrow();
        site = store.givenSite("Tower").id();
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        store.close();
    }

    private SippProcess.Result register(String scenario, String user, String password, int localPort)
            throws Exception {
        return SippProcess.start(dir.resolve(scenario + "-" + password), scenario, "127.0.0.1:" + port, "127.0.0.2",
                localPort, "-s", user, "-au", user, "-ap", password, "-m", "1").await(30);
    }

    @Test
    void a_phone_registers_with_its_stored_password_and_not_with_the_old_one_after_a_change() throws Exception {
        assertThat(directory.createUser(site, "anna", "Anna", "first-password").isOk()).isTrue();
        SippProcess.Result first = register("register-digest", "anna", "first-password", Baresip.freePortPair());
        assertThat(first.exitCode()).as(first.output()).isZero();

        assertThat(directory.updateUser(site, "anna", null, "second-password").isOk()).isTrue();

        SippProcess.Result old = register("register-digest-refused", "anna", "first-password",
                Baresip.freePortPair());
        SippProcess.Result current = register("register-digest", "anna", "second-password", Baresip.freePortPair());
        assertThat(old.exitCode()).as(old.output()).isZero();
        assertThat(current.exitCode()).as(current.output()).isZero();
        assertThat(relay.location().lookup("anna")).hasSize(2);
    }

    @Test
    void a_call_to_a_ring_group_stored_after_start_reaches_its_registered_member() throws Exception {
        assertThat(directory.createUser(site, "callee", null, "callee-password").isOk()).isTrue();
        int calleePort = Baresip.freePortPair();
        SippProcess.Result registered = register("register-digest", "callee", "callee-password", calleePort);
        assertThat(registered.exitCode()).as(registered.output()).isZero();
        assertThat(directory.createGroup(site, RingGroup.of("lobby", RingStrategy.PARALLEL, ZoneId.of("Europe/Zurich"),
                List.of(GroupMember.of("callee", 0)))).isOk()).isTrue();

        SippProcess callee = SippProcess.start(dir.resolve("uas"), "uas", null, "127.0.0.2", calleePort, "-m", "1",
                "-mp", String.valueOf(Baresip.freePortPair()));
        SippProcess.Result call = SippProcess.start(dir.resolve("uac"), "uac", "127.0.0.1:" + port, "127.0.0.1",
                Baresip.freePortPair(), "-s", "lobby", "-m", "1", "-d", "200", "-mp",
                String.valueOf(Baresip.freePortPair())).await(30);
        SippProcess.Result answered = callee.await(30);

        assertThat(call.exitCode()).as(call.output()).isZero();
        assertThat(answered.exitCode()).as(answered.output()).isZero();
    }
}
