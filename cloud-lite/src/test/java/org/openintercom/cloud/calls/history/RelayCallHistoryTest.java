package org.openintercom.cloud.calls.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.cloud.calls.sip.InMemoryRoutingDirectory;
import org.openintercom.cloud.calls.sip.InMemorySipAccounts;
import org.openintercom.cloud.calls.sip.RelayPhones;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.calls.sip.SipRelay;
import org.openintercom.cloud.calls.sip.SipRelayConfig;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Calls a station places through the relay end up in the call history: who was rung, who answered, how it ended
 * and the routing the relay followed; a call nobody could take is MISSED with the relay's final status.
 */
@Tag("interop")
class RelayCallHistoryTest {

    private static final String REALM = "openintercom";

    @TempDir
    Path dir;
    CallFixture f;
    SipRelay relay;
    DeviceId station;
    RelayPhones phones;

    @BeforeEach
    void start() {
        f = CallFixture.h2(dir);
        Site site = f.store.givenSite("Tower");
        station = f.givenStation(site);
        InMemorySipAccounts accounts = new InMemorySipAccounts()
                .put(SipAccount.withPassword(station.value(), REALM, "station-secret"))
                .put(SipAccount.withPassword("alice", REALM, "alice-secret"))
                .put(SipAccount.withPassword("bob", REALM, "bob-secret1"));
        InMemoryRoutingDirectory directory = new InMemoryRoutingDirectory()
                .put(RingGroup.of("residents", RingStrategy.PARALLEL, ZoneId.of("Europe/Berlin"),
                        List.of(GroupMember.of("alice", 0))))
                .put(RingGroup.of("janitor", RingStrategy.PARALLEL, ZoneId.of("Europe/Berlin"),
                        List.of(GroupMember.of("bob", 0))));
        relay = SipRelay.start(SipRelayConfig.builder().realm(REALM).tcpPort(null).build(), accounts, directory,
                new CallRouter(), new RelayCallHistory(f.recorder));
        phones = new RelayPhones(dir, relay);
    }

    @AfterEach
    void stop() {
        phones.close();
        relay.close();
        f.close();
    }

    private Baresip phone(String user, String password) throws Exception {
        return phones.register(user, password, 440, true, 600, Optional.empty(), "PCMU/8000/1");
    }

    @Test
    void an_answered_and_a_missed_station_call_are_recorded() throws Exception {
        Baresip door = phone(station.value(), "station-secret");
        Baresip alice = phone("alice", "alice-secret");

        door.command("dial", "sip:residents@127.0.0.1:" + relay.port("udp").orElseThrow());
        alice.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        Thread.sleep(500);
        door.command("hangup", "");
        alice.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        door.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));

        door.command("dial", "sip:janitor@127.0.0.1:" + relay.port("udp").orElseThrow()); // bob has no phone
        door.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        assertThat(f.recorder.flush(Duration.ofSeconds(5))).isTrue();

        List<CallRecord> calls = f.calls.page(CallQuery.all(Visibility.all())).calls();
        assertThat(calls).hasSize(2);
        CallRecord missed = calls.get(0);
        CallRecord answered = calls.get(1);
        assertThat(answered.station()).isEqualTo(station);
        assertThat(answered.target()).isEqualTo("residents");
        assertThat(answered.targetKind()).isEqualTo(TargetKind.GROUP);
        assertThat(answered.targetsRung()).extracting(RungTarget::target).containsExactly("alice");
        assertThat(answered.answeredBy()).isEqualTo("alice");
        assertThat(answered.status()).isEqualTo(DialStatus.ANSWERED);
        assertThat(answered.endCause()).isEqualTo(EndCause.CALLER_HUNG_UP);
        assertThat(answered.routing()).contains("group:residents");
        assertThat(answered.talkTime()).isPresent();
        assertThat(missed.target()).isEqualTo("janitor");
        assertThat(missed.status()).isEqualTo(DialStatus.MISSED);
        assertThat(missed.sipStatus()).isEqualTo(480);
        assertThat(missed.answeredBy()).isNull();
    }
}
