package org.openintercom.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.directory.CallDirectoryStore;
import org.openintercom.cloud.calls.directory.DirectoryOutcome;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.claim.DeviceId;

/** Which stations each button of a station rings while the cloud is unreachable. */
class FallbackPlannerTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    private StoreFixture store;
    private CallDirectoryStore directory;
    private Site site;
    private Site elsewhere;
    /** Every station the directory may name, by site; the planner is given those of {@link #site}. */
    private final Map<DeviceId, Long> claimed = new LinkedHashMap<>();
    private final DeviceId door = DeviceId.random();

    @BeforeEach
    void givenDirectory() {
        store = new StoreFixture(TestDatabase.Kind.H2);
        site = store.givenSite("Tower");
        elsewhere = store.givenSite("Annex");
        directory = new CallDirectoryStore(store.testDb.database(), store.clock, "relay.test",
                name -> DeviceId.isValid(name) ? Optional.ofNullable(claimed.get(new DeviceId(name)))
                        : Optional.empty());
        claimed.put(door, site.id());
        ok(directory.createUser(site.id(), "alice", "Alice", "pw-of-alice"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DeviceId givenStation(Site at) {
        DeviceId id = DeviceId.random();
        claimed.put(id, at.id());
        return id;
    }

    private static <T> T ok(DirectoryOutcome<T> outcome) {
        assertThat(outcome.isOk()).as(outcome.detail()).isTrue();
        return outcome.value();
    }

    private void givenGroup(Site at, String id, RingStrategy strategy, Object... memberAndPriority) {
        List<GroupMember> members = new ArrayList<>();
        for (int i = 0; i < memberAndPriority.length; i += 2) {
            members.add(GroupMember.of(memberAndPriority[i].toString(), (Integer) memberAndPriority[i + 1]));
        }
        RingGroup group = RingGroup.of(id, strategy, ZURICH, members);
        ok(directory.createGroup(at.id(), strategy == RingStrategy.PARALLEL ? group.withTiming(20, 30) : group));
    }

    private Map<String, List<FallbackPlan.Target>> plan(Map<String, DeviceConfiguration.Button> buttons) {
        Map<DeviceId, Optional<String>> stations = new LinkedHashMap<>();
        claimed.forEach((id, at) -> {
            if (at == site.id()) {
                stations.put(id, Optional.of("Flat of " + id));
            }
        });
        return FallbackPlanner.buttons(door, site.id(), new DeviceConfiguration(Optional.empty(), buttons,
                Optional.empty(), Map.of()), directory.snapshot(), stations);
    }

    private static List<String> ids(List<FallbackPlan.Target> targets) {
        return targets.stream().map(FallbackPlan.Target::deviceId).toList();
    }

    @Test
    void a_group_rings_its_station_members_by_priority_without_phones_or_the_caller() {
        DeviceId hall = givenStation(site);
        DeviceId kitchen = givenStation(site);
        givenGroup(site, "flat-12", RingStrategy.PARALLEL, kitchen, 2, "alice", 0, hall, 1, door, 0);

        var plan = plan(Map.of("call", DeviceConfiguration.Button.ring("flat-12")));

        assertThat(ids(plan.get("call"))).containsExactly(hall.value(), kitchen.value());
        assertThat(plan.get("call").get(0).name()).contains("Flat of " + hall);
    }

    @Test
    void a_station_that_left_the_site_is_no_target() {
        DeviceId hall = givenStation(site);
        DeviceId kitchen = givenStation(site);
        givenGroup(site, "flat-12", RingStrategy.PARALLEL, hall, 0, kitchen, 1);
        claimed.put(kitchen, elsewhere.id()); // transferred (or unclaimed) after the group was made

        assertThat(ids(plan(Map.of("call", DeviceConfiguration.Button.ring("flat-12"))).get("call")))
                .containsExactly(hall.value());
    }

    @Test
    void a_station_named_directly_by_ring_or_by_uri_is_the_target() {
        DeviceId hall = givenStation(site);
        DeviceId other = givenStation(elsewhere);

        var plan = plan(Map.of("a", DeviceConfiguration.Button.ring(hall.value()),
                "b", DeviceConfiguration.Button.call("sips:" + hall + "@relay.test;transport=tls"),
                "c", DeviceConfiguration.Button.ring(other.value()),
                "d", DeviceConfiguration.Button.call("sip:reception@pbx.example"),
                "e", DeviceConfiguration.Button.ring("alice"),
                "f", DeviceConfiguration.Button.action("open-door")));

        assertThat(plan).containsOnlyKeys("a", "b");
        assertThat(ids(plan.get("a"))).containsExactly(hall.value());
        assertThat(ids(plan.get("b"))).containsExactly(hall.value());
    }

    @Test
    void a_group_of_another_site_is_not_followed() {
        DeviceId annexHall = givenStation(elsewhere);
        givenGroup(elsewhere, "annex", RingStrategy.PARALLEL, annexHall, 0);

        assertThat(plan(Map.of("call", DeviceConfiguration.Button.ring("annex")))).isEmpty();
    }

    @Test
    void a_button_rings_at_most_32_stations() {
        List<Object> members = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DeviceId s = givenStation(site);
            members.add(s);
            members.add(i);
            expected.add(s.value());
        }
        givenGroup(site, "everyone", RingStrategy.PRIORITY, members.toArray());

        var targets = plan(Map.of("call", DeviceConfiguration.Button.ring("everyone"))).get("call");

        assertThat(ids(targets)).containsExactlyElementsOf(expected.subList(0, FallbackPlan.MAX_TARGETS));
    }
}
