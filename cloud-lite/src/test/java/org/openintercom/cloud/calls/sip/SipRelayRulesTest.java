package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.ForwardingRule;
import org.openintercom.cloud.calls.routing.GroupAction;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.OpeningHours;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.cloud.calls.routing.TimeRange;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.store.MutableClock;

/**
 * Opening hours and forwarding rules through the running relay with a controllable clock: a group open 03:00–04:00
 * Berlin time is closed at 00:30 UTC on the night clocks go forward (01:30 CET) and open 59 minutes later (03:29
 * CEST, which a fixed UTC+1 would get wrong); a user who is not registered is forwarded by their "not reachable"
 * rule to a colleague whose phone rings.
 */
@Tag("interop")
class SipRelayRulesTest {

    private static final String REALM = "openintercom";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    SipRelay relay;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-29T00:30:00Z"));
    RelayPhones phones;

    @BeforeEach
    void startRelay() {
        InMemorySipAccounts accounts = new InMemorySipAccounts();
        for (String user : List.of("alice", "bob", "carol", "door")) {
            accounts.put(SipAccount.withPassword(user, REALM, "pw-" + user + "-1234"));
        }
        InMemoryRoutingDirectory directory = new InMemoryRoutingDirectory()
                .put(RingGroup.of("office", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("alice", 0)))
                        .withOpeningHours(OpeningHours.on(EnumSet.allOf(DayOfWeek.class),
                                TimeRange.of("03:00", "04:00")), GroupAction.hangUp()))
                .put(UserProfile.of("carol", BERLIN, ForwardingRule.notReachable(Destination.user("bob"))));
        relay = SipRelay.start(SipRelayConfig.builder().realm(REALM).tcpPort(null).clock(clock).build(), accounts,
                directory, new CallRouter(), CallObserver.NONE);
        phones = new RelayPhones(dir, relay);
    }

    @AfterEach
    void stop() {
        phones.close();
        relay.close();
    }

    private Baresip phone(String user) throws Exception {
        return phones.register(user, "pw-" + user + "-1234", 440, true, 3600, Optional.empty(), "PCMU/8000/1");
    }

    private String uri(String name) {
        return "sip:" + name + "@127.0.0.1:" + relay.port("udp").orElseThrow();
    }

    @Test
    void opening_hours_follow_berlin_time_across_the_spring_forward_night() throws Exception {
        Baresip alice = phone("alice");
        Baresip door = phone("door");

        door.command("dial", uri("office")); // 01:30 CET: closed
        JsonNode closed = door.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        assertThat(closed.path("param").asText()).contains("480");

        clock.advance(Duration.ofMinutes(59)); // 03:29 CEST: open
        door.command("dial", uri("office"));
        alice.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        door.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        door.command("hangup", "");
        alice.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void a_user_who_is_not_registered_is_forwarded_by_the_not_reachable_rule() throws Exception {
        Baresip bob = phone("bob");
        Baresip door = phone("door");
        assertThat(relay.location().isRegistered("carol")).isFalse();

        door.command("dial", uri("carol"));
        bob.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        door.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        door.command("hangup", "");
        bob.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }
}
