package org.openintercom.provisioning.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every device-channel message: round trip, an unknown field, a field of the wrong type. */
class ChannelMessagesTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:15:30Z");

    static DeviceConfiguration configuration() {
        return new DeviceConfiguration(Optional.of("Front door"),
                Map.of("call", DeviceConfiguration.Button.call("sip:flat12@10.0.0.5"),
                        "door-key", DeviceConfiguration.Button.sendDtmf("1234"),
                        "answer", DeviceConfiguration.Button.action("answer")),
                Optional.of(new DeviceConfiguration.Door(Optional.of("2s"), Optional.of("1234"))),
                Map.of("led-calling", new DeviceConfiguration.Output(java.util.List.of("calling", "ringing"))));
    }

    static FallbackPlan fallback() {
        return new FallbackPlan(4, Map.of("call", java.util.List.of(
                new FallbackPlan.Target("ABCDEFGHJK", Optional.of("Hall")),
                new FallbackPlan.Target("BCDEFGHJKM", Optional.empty()))),
                Optional.of(java.util.List.of("ABCDEFGHJK", "BCDEFGHJKM", "CDEFGHJKMN")));
    }

    static StationCallReport callReport() {
        return new StationCallReport("mesh-1@fe80::1", "ABCDEFGHJK", Optional.of("call"), "flat-12",
                java.util.List.of("BCDEFGHJKM", "CDEFGHJKMN"), Optional.of("BCDEFGHJKM"),
                StationCallReport.Outcome.ANSWERED, AT, Optional.of(AT.plusSeconds(4)), AT.plusSeconds(60));
    }

    /** message, and the name of one of its fields with a value of the wrong JSON type for it. */
    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(configuration(), "buttons", "\"x\""),
                Arguments.of(new DesiredConfiguration(3, 1, configuration(), AT), "version", "\"three\""),
                Arguments.of(new DesiredConfiguration(3, 1, configuration(), AT).withFallback(fallback()), "fallback",
                        "[]"),
                Arguments.of(fallback(), "generation", "\"new\""),
                Arguments.of(callReport(), "targetsRung", "{}"),
                Arguments.of(new ReportedConfiguration(3, 2, configuration(), ReportedConfiguration.Outcome.CONFLICT,
                        Optional.of(4L), Optional.of("local change"), AT), "localRevision", "[1]"),
                Arguments.of(DeviceStatus.online(AT, "ID5", "0.1.0", AT.plusSeconds(86400)), "since", "{}"),
                Arguments.of(DeviceStatus.offline(), "state", "[]"),
                Arguments.of(Command.of("c-1", Command.Type.RENAME, Map.of("name", "Gate"), AT), "arguments", "7"),
                Arguments.of(new CommandAck("c-1", CommandAck.Outcome.DONE, Optional.empty(), AT,
                        Optional.of("AAEC"), Optional.of("image/jpeg")), "at", "true"),
                Arguments.of(new DeviceEvent("e-1", DeviceEvent.Type.DOOR_OPENED, AT, Map.of("how", "dtmf")),
                        "details", "[1,2]"),
                Arguments.of(new EnrollmentRequest("ABCDEFGHJKMN",
                        "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"),
                        "claimNonce", "{}"),
                Arguments.of(EnrollmentResponse.enrolled("chain", "anchors",
                        new EnrollmentResponse.Endpoints("ssl://127.0.0.1:8883", "https://127.0.0.1:8443",
                                "http://127.0.0.1:8080/crl"), new DesiredConfiguration(1, 0, configuration(), AT)),
                        "endpoints", "\"x\""),
                Arguments.of(EnrollmentResponse.waiting(5), "retryAfterSeconds", "\"soon\""),
                Arguments.of(new RenewalRequest("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n"), "csr", "{}"),
                Arguments.of(new FirmwareAssignment("r-7-w2", "1.4.0", 5, true, "/device/v1/firmware/ab12.oib",
                        300_000_000L, Optional.of(new FirmwareAssignment.DeltaOffer("1.3.2",
                                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                "/device/v1/firmware/ab12.oib/delta/cd34", 9_000_000L)),
                        Optional.of(new MaintenanceWindow(java.time.ZoneId.of("Europe/Zurich"),
                                java.time.LocalTime.of(23, 0), java.time.LocalTime.of(4, 0),
                                java.util.Set.of(java.time.DayOfWeek.SATURDAY))), AT), "bundleSize", "\"big\""),
                Arguments.of(UpdateProgress.ended("r-7-w2", "1.4.0", UpdateProgress.State.ROLLED_BACK,
                        "HEALTH_CHECK_FAILED", "sip not ready within 120 s", "1.3.2", AT), "percent", "{}"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void round_trips(Object message, String field, String wrong) {
        byte[] json = ChannelJson.encode(message);

        assertThat(ChannelJson.decode(json, message.getClass())).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void ignores_an_unknown_field(Object message, String field, String wrong) throws Exception {
        ObjectNode tree = (ObjectNode) ChannelJson.mapper().readTree(ChannelJson.encode(message));
        tree.put("addedByANewerVersion", 42);

        assertThat(ChannelJson.decode(tree.toString(), message.getClass())).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void refuses_a_field_of_the_wrong_type_naming_it(Object message, String field, String wrong) throws Exception {
        ObjectNode tree = (ObjectNode) ChannelJson.mapper().readTree(ChannelJson.encode(message));
        tree.set(field, ChannelJson.mapper().readTree(wrong));

        assertThatThrownBy(() -> ChannelJson.decode(tree.toString(), message.getClass()))
                .isInstanceOf(ChannelFormatException.class)
                .hasMessageContaining(message.getClass().getSimpleName())
                .hasMessageContaining(field);
    }

    @Test
    void malformed_json_is_refused_with_its_position() {
        assertThatThrownBy(() -> ChannelJson.decode("{\"id\": ", Command.class))
                .isInstanceOf(ChannelFormatException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    }

    @Test
    void oversized_messages_are_refused() {
        byte[] big = new byte[ChannelJson.MAX_BYTES + 1];
        assertThatThrownBy(() -> ChannelJson.decode(big, Command.class)).hasMessageContaining("larger than the limit");
    }

    @Test
    void an_unknown_command_type_reads_as_unknown() {
        Command c = ChannelJson.decode("{\"id\":\"c-9\",\"type\":\"SELF_DESTRUCT\",\"issuedAt\":\"2026-11-23T10:00:00Z\"}",
                Command.class);
        assertThat(c.type()).isEqualTo(Command.Type.UNKNOWN);
    }

    @Test
    void configuration_keys_match_the_station_yaml() {
        String json = ChannelJson.encodeToString(configuration());
        assertThat(json).contains("\"send-dtmf\":\"1234\"").contains("\"dtmf-code\":\"1234\"")
                .contains("\"pulse\":\"2s\"").contains("\"on\":[\"calling\",\"ringing\"]");
    }

    @Test
    void invalid_configuration_values_are_refused_with_their_path() {
        assertThatThrownBy(() -> ChannelJson.decode("{\"buttons\":{\"call\":{\"call\":\"tel:123\"}}}",
                DeviceConfiguration.class)).hasMessageContaining("buttons.call").hasMessageContaining("sip:");
        assertThatThrownBy(() -> ChannelJson.decode("{\"door\":{\"pulse\":\"2 hours\"}}", DeviceConfiguration.class))
                .hasMessageContaining("door").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> ChannelJson.decode("{\"outputs\":{\"led\":{\"on\":[\"dancing\"]}}}",
                DeviceConfiguration.class)).hasMessageContaining("outputs.led").hasMessageContaining("dancing");
        assertThatThrownBy(() -> ChannelJson.decode("{\"buttons\":{\"b\":{\"action\":\"answer\",\"send-dtmf\":\"1\"}}}",
                DeviceConfiguration.class)).hasMessageContaining("exactly one");
    }

    @Test
    void invalid_fallback_plans_are_refused_naming_the_field() {
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":0,\"buttons\":{}}", FallbackPlan.class))
                .hasMessageContaining("generation");
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":1,\"buttons\":{\"call\":"
                + "[{\"deviceId\":\"not-a-device\"}]}}", FallbackPlan.class))
                .hasMessageContaining("buttons.call[0]").hasMessageContaining("deviceId");
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":1,\"buttons\":{\"call\":"
                + "[{\"deviceId\":\"ABCDEFGHJK\"},{\"deviceId\":\"ABCDEFGHJK\"}]}}", FallbackPlan.class))
                .hasMessageContaining("buttons.call[1].deviceId").hasMessageContaining("twice");
        String many = java.util.stream.IntStream.range(0, FallbackPlan.MAX_TARGETS + 1)
                .mapToObj(i -> "{\"deviceId\":\"" + org.openintercom.provisioning.claim.DeviceId.random().value()
                        + "\"}").collect(java.util.stream.Collectors.joining(","));
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":1,\"buttons\":{\"call\":[" + many + "]}}",
                FallbackPlan.class)).hasMessageContaining("buttons.call has 33 targets");
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":1,\"buttons\":{\"Call!\":[]}}",
                FallbackPlan.class)).hasMessageContaining("button name 'Call!'");
    }

    @Test
    void a_fallback_plan_names_the_stations_that_may_call() {
        assertThat(fallback().mayCall("CDEFGHJKMN")).isTrue();
        assertThat(fallback().mayCall("DEFGHJKMNP")).isFalse();
        FallbackPlan older = ChannelJson.decode("{\"generation\":2,\"buttons\":{}}", FallbackPlan.class);
        assertThat(older.callers()).isEmpty();
        assertThat(older.mayCall("DEFGHJKMNP")).as("a cloud that sends no list: the CA decides alone").isTrue();
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":2,\"buttons\":{},\"callers\":"
                + "[\"ABCDEFGHJK\",\"nope\"]}", FallbackPlan.class)).hasMessageContaining("callers[1] 'nope'");
        assertThatThrownBy(() -> ChannelJson.decode("{\"generation\":2,\"buttons\":{},\"callers\":"
                + "[\"ABCDEFGHJK\",\"ABCDEFGHJK\"]}", FallbackPlan.class)).hasMessageContaining("listed twice");
    }

    @Test
    void a_fallback_plan_answers_per_button() {
        assertThat(fallback().targetsFor("call")).extracting(FallbackPlan.Target::deviceId)
                .containsExactly("ABCDEFGHJK", "BCDEFGHJKM");
        assertThat(fallback().targetsFor("door-key")).isEmpty();
    }

    @Test
    void a_desired_configuration_from_before_fallback_plans_still_reads() {
        DesiredConfiguration d = ChannelJson.decode("{\"version\":2,\"basedOnLocalRevision\":0,\"configuration\":{},"
                + "\"issuedAt\":\"2026-11-23T10:15:30Z\"}", DesiredConfiguration.class);
        assertThat(d.fallback()).isEmpty();
    }

    @Test
    void invalid_call_reports_are_refused_naming_the_field() {
        ObjectNode tree = (ObjectNode) ChannelJson.mapper().valueToTree(callReport());
        assertThatThrownBy(() -> ChannelJson.decode(tree.deepCopy().put("station", "nobody").toString(),
                StationCallReport.class)).hasMessageContaining("station");
        assertThatThrownBy(() -> ChannelJson.decode(tree.deepCopy().put("callId", "a b").toString(),
                StationCallReport.class)).hasMessageContaining("callId");
        assertThatThrownBy(() -> ChannelJson.decode(tree.deepCopy().put("endedAt", "2026-11-23T10:00:00Z")
                .toString(), StationCallReport.class)).hasMessageContaining("endedAt");
        assertThatThrownBy(() -> ChannelJson.decode(tree.deepCopy().put("outcome", "EXPLODED").toString(),
                StationCallReport.class)).hasMessageContaining("outcome");
        ObjectNode unanswered = tree.deepCopy();
        unanswered.remove("answeredAt");
        assertThatThrownBy(() -> ChannelJson.decode(unanswered.toString(), StationCallReport.class))
                .hasMessageContaining("answeredAt");
    }
}
