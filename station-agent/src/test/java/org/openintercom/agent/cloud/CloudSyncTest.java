package org.openintercom.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.DoorSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.testing.ScriptedCallEngine;
import org.openintercom.hal.emulated.EmulatedStationHardware;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.Command;
import org.openintercom.provisioning.channel.CommandAck;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.DeviceEvent;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.channel.Topics;

class CloudSyncTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private final ScriptedCallEngine engine = new ScriptedCallEngine();
    private final List<Object[]> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger reboots = new AtomicInteger();
    private EmulatedStationHardware hardware;
    private StationAgent agent;
    private StationConfig base;
    private CloudSync sync;

    @BeforeEach
    void givenDoorStation() {
        base = StationConfig.builder("frontdoor", "ID5").dataDir(dir.resolve("station"))
                .button("call", ButtonAction.call("sip:hall@127.0.0.1:5070"))
                .door(new DoorSettings("door", RelayMode.PULSE, Duration.ofMillis(200), Optional.of("1234"),
                        Duration.ofSeconds(30)))
                .build();
        hardware = EmulatedStationHardware.builder(base.model()).name("Front door")
                .relay("door", RelayMode.PULSE, Duration.ofMillis(200))
                .timing(InputTiming.builder().debounce(Duration.ofMillis(5)).longPress(Duration.ofMillis(500)).build())
                .build();
        agent = StationAgent.builder(base).hardware(hardware).callEngine(engine).build().start();
        sync = newSync();
        agent.addListener(sync::onStationEvent);
    }

    private CloudSync newSync() {
        return new CloudSync(agent, base, dir.resolve("cloud/config-state.json"),
                (leaf, message, retained) -> published.add(new Object[] {leaf, message, retained}),
                Clock.fixed(NOW, java.time.ZoneOffset.UTC), reboots::incrementAndGet, () -> NOW.plusSeconds(86400), "0.1.0");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static DeviceConfiguration guardButton() {
        return new DeviceConfiguration(Optional.of("Gate"),
                Map.of("call", DeviceConfiguration.Button.call("sip:guard@127.0.0.1:5080")),
                Optional.of(new DeviceConfiguration.Door(Optional.of("1s"), Optional.of("999"))), Map.of());
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> sent(Topics.Leaf leaf, Class<T> type) {
        return published.stream().filter(p -> p[0] == leaf).map(p -> (T) p[1]).toList();
    }

    private ReportedConfiguration lastReport() {
        List<ReportedConfiguration> r = sent(Topics.Leaf.REPORTED, ReportedConfiguration.class);
        return r.get(r.size() - 1);
    }

    @Test
    void applies_desired_configuration_keeps_it_and_reports_the_version() throws Exception {
        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW));

        hardware.emulatedButton("call").press();
        assertThat(engine.next("dial").argument()).isEqualTo("sip:guard@127.0.0.1:5080");
        assertThat(agent.config().door().pulse()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.APPLIED);
        assertThat(lastReport().appliedVersion()).isEqualTo(1);
        assertThat(ConfigState.load(dir.resolve("cloud/config-state.json")).appliedVersion()).isEqualTo(1);
    }

    @Test
    void a_button_that_rings_a_relay_name_dials_it_through_the_relay_named_at_enrollment() throws Exception {
        DeviceConfiguration ring = new DeviceConfiguration(Optional.empty(),
                Map.of("call", DeviceConfiguration.Button.ring("flat-12")), Optional.empty(), Map.of());
        sync.onDesired(new DesiredConfiguration(1, 0, ring, NOW));
        assertThat(lastReport().outcome()).as("no relay known yet").isEqualTo(ReportedConfiguration.Outcome.REJECTED);
        assertThat(lastReport().detail()).get().asString().contains("button 'call' rings 'flat-12'")
                .contains("knows no relay");

        sync.relay(() -> Optional.of("sip:cloud.example.org:5061;transport=tls"));
        sync.onDesired(new DesiredConfiguration(2, 0, ring, NOW));
        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.APPLIED);
        hardware.emulatedButton("call").press();
        assertThat(engine.next("dial").argument()).isEqualTo("sip:flat-12@cloud.example.org:5061;transport=tls");
    }

    @Test
    void never_overwrites_a_local_change_the_cloud_has_not_seen() {
        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW));
        sync.onCommand(Command.of("c-1", Command.Type.RENAME, Map.of("name", "Side gate"), NOW));

        sync.onDesired(new DesiredConfiguration(2, 0, DeviceConfiguration.empty(), NOW));

        assertThat(agent.config().name()).isEqualTo("Side gate");
        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.CONFLICT);
        assertThat(lastReport().localRevision()).isEqualTo(1);
        assertThat(lastReport().detail()).get().asString().contains("has not seen");

        sync.onDesired(new DesiredConfiguration(3, 1, guardButton(), NOW));
        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.APPLIED);
        assertThat(agent.config().name()).isEqualTo("Gate");
    }

    @Test
    void refuses_a_configuration_that_does_not_fit_the_station_and_keeps_the_old_one() {
        DeviceConfiguration wrong = new DeviceConfiguration(Optional.empty(),
                Map.of("flat-99", DeviceConfiguration.Button.call("sip:x@127.0.0.1")), Optional.empty(), Map.of());

        sync.onDesired(new DesiredConfiguration(1, 0, wrong, NOW));

        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.REJECTED);
        assertThat(lastReport().detail()).get().asString().contains("flat-99");
        assertThat(agent.config().buttons().get("call").argument()).contains("sip:hall@127.0.0.1:5070");
    }

    @Test
    void a_redelivered_open_door_command_opens_the_door_once() {
        Command open = Command.of("c-7", Command.Type.OPEN_DOOR, Map.of(), NOW);

        sync.onCommand(open);
        sync.onCommand(open);

        assertThat(hardware.emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(2))).isTrue();
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> hardware.emulatedRelay("door").history().size() <= 2);
        assertThat(sent(Topics.Leaf.ACK, CommandAck.class)).hasSize(2)
                .allMatch(a -> a.outcome() == CommandAck.Outcome.DONE && a.commandId().equals("c-7"));
    }

    @Test
    void expired_and_unknown_commands_are_not_carried_out() {
        sync.onCommand(new Command("c-1", Command.Type.OPEN_DOOR, Map.of(), NOW.minusSeconds(60),
                Optional.of(NOW.minusSeconds(30))));
        sync.onMessage(Topics.Leaf.COMMAND,
                "{\"id\":\"c-2\",\"type\":\"SELF_DESTRUCT\",\"issuedAt\":\"2026-11-23T10:00:00Z\"}".getBytes());
        sync.onCommand(Command.of("c-3", Command.Type.REBOOT, Map.of(), NOW));

        assertThat(sent(Topics.Leaf.ACK, CommandAck.class)).extracting(CommandAck::outcome)
                .containsExactly(CommandAck.Outcome.EXPIRED, CommandAck.Outcome.REFUSED, CommandAck.Outcome.DONE);
        assertThat(hardware.emulatedRelay("door").history()).isEmpty();
        assertThat(reboots).hasValue(1);
    }

    @Test
    void a_snapshot_command_returns_the_picture() {
        sync.onCommand(Command.of("c-4", Command.Type.TAKE_SNAPSHOT, Map.of(), NOW));

        CommandAck ack = sent(Topics.Leaf.ACK, CommandAck.class).get(0);
        assertThat(ack.outcome()).isEqualTo(CommandAck.Outcome.DONE);
        assertThat(ack.imageType()).contains("image/jpeg");
        assertThat(java.util.Base64.getDecoder().decode(ack.image().orElseThrow())).startsWith(0xFF, 0xD8);
    }

    @Test
    void the_kept_configuration_is_applied_again_after_a_restart() {
        sync.onDesired(new DesiredConfiguration(4, 0, guardButton(), NOW));
        agent.close();
        agent = StationAgent.builder(base).hardware(hardware).callEngine(engine).build().start();

        newSync().restore();

        assertThat(agent.config().name()).isEqualTo("Gate");
        assertThat(agent.config().door().dtmfCode()).contains("999");
    }

    @Test
    void door_openings_are_forwarded_as_events_and_reports_go_out_on_connect() {
        sync.onConnected(false);
        agent.openDoor("remote");

        await().atMost(Duration.ofSeconds(2)).until(() -> !sent(Topics.Leaf.EVENTS, DeviceEvent.class).isEmpty());
        DeviceEvent event = sent(Topics.Leaf.EVENTS, DeviceEvent.class).get(0);
        assertThat(event.type()).isEqualTo(DeviceEvent.Type.DOOR_OPENED);
        assertThat(event.details()).containsEntry("detail", "remote");
        assertThat(published.get(0)[0]).isEqualTo(Topics.Leaf.STATUS);
        assertThat(published.get(0)[2]).isEqualTo(true);
        assertThat(ChannelJson.encodeToString(published.get(0)[1])).contains("ONLINE");
    }

    private static FallbackPlan plan(long generation, String... stations) {
        return new FallbackPlan(generation, Map.of("call", java.util.Arrays.stream(stations)
                .map(id -> new FallbackPlan.Target(id, Optional.of("Flat " + id))).toList()));
    }

    @Test
    void keeps_the_fallback_plan_of_the_configuration_it_applies_across_a_restart() {
        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW).withFallback(plan(3, "HA11000001",
                "KTCHEN0001")));

        assertThat(sync.fallbackPlan().generation()).isEqualTo(3);
        assertThat(sync.fallbackPlan().targetsFor("call")).extracting(FallbackPlan.Target::deviceId)
                .containsExactly("HA11000001", "KTCHEN0001");
        assertThat(sync.fallbackPlan().targetsFor("door-key")).isEmpty();
        assertThat(newSync().fallbackPlan()).isEqualTo(sync.fallbackPlan());
        assertThat(newSync().fallbackPlan().receivedAt()).contains(NOW);
    }

    @Test
    void a_newer_plan_for_the_same_version_is_taken_and_an_older_one_ignored() {
        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW).withFallback(plan(3, "HA11000001")));

        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW).withFallback(plan(4, "KTCHEN0001")));
        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW).withFallback(plan(2, "HA11000001")));

        assertThat(sync.fallbackPlan().generation()).isEqualTo(4);
        assertThat(sync.fallbackPlan().targetsFor("call")).extracting(FallbackPlan.Target::deviceId)
                .containsExactly("KTCHEN0001");
        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.APPLIED);
    }

    @Test
    void the_plan_of_a_configuration_it_does_not_run_is_not_taken() {
        sync.applyLocalChange(guardButton());

        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW).withFallback(plan(3, "HA11000001")));

        assertThat(lastReport().outcome()).isEqualTo(ReportedConfiguration.Outcome.CONFLICT);
        assertThat(sync.fallbackPlan()).isEqualTo(MeshFallbackPlan.NONE);
    }

    @Test
    void an_unclaimed_station_forgets_its_plan() {
        sync.onDesired(new DesiredConfiguration(1, 0, guardButton(), NOW).withFallback(plan(3, "HA11000001")));

        sync.reset();

        assertThat(sync.fallbackPlan().generation()).isZero();
        assertThat(newSync().fallbackPlan().targetsFor("call")).isEmpty();
    }

    @Test
    void an_unreadable_plan_file_means_no_plan_rather_than_no_station() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("cloud"));
        java.nio.file.Files.writeString(dir.resolve("cloud/mesh-fallback.json"), "{\"received\":{\"generation\":0}}");

        assertThat(newSync().fallbackPlan()).isEqualTo(MeshFallbackPlan.NONE);
    }
}
