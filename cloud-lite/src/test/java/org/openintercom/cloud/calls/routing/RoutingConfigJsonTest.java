package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingConfigJsonTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    static RingGroup fullGroup() {
        return new RingGroup("lobby", "Lobby desk", RingStrategy.LEAST_CALLED,
                List.of(GroupMember.of("anna", 0), GroupMember.of("ben", 1)), 15, 90, true, BERLIN,
                OpeningHours.on(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), TimeRange.of("08:00", "12:00"),
                                TimeRange.of("13:00", "17:30"))
                        .with(DayOfWeek.SATURDAY, TimeRange.of("18:00", "00:00"))
                        .withPublicHolidays(Year.of(2026), Map.of(LocalDate.parse("2026-12-25"), "Christmas Day")),
                GroupAction.playMessage("closed"), GroupAction.forwardTo(Destination.group("night")), 5,
                GroupAction.forwardTo(Destination.number("sip:+4930123@gw.example")));
    }

    static UserProfile fullUser() {
        return new UserProfile("anna", "Anna", java.time.ZoneId.of("America/New_York"), true, List.of(
                ForwardingRule.immediate(Destination.user("ben")).when(new RuleSchedule(
                        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), List.of(LocalDate.parse("2026-12-24")),
                        List.of(DatePeriod.of("2026-08-01", "2026-08-14")), List.of(TimeRange.of("08:00", "12:00")))),
                ForwardingRule.simultaneous("sip:mobile@x.example", "tel:+1555123"),
                ForwardingRule.noAnswer(25, Destination.group("lobby")),
                ForwardingRule.busy(Destination.number("sip:voicemail@x.example")),
                ForwardingRule.notReachable(Destination.number("tel:+1555999"))));
    }

    @Test
    void a_ring_group_survives_a_json_round_trip() throws Exception {
        RingGroup group = fullGroup();

        String text = json.writeValueAsString(group);

        assertThat(json.readValue(text, RingGroup.class)).isEqualTo(group);
        assertThat(text).contains("\"zone\":\"Europe/Berlin\"", "\"strategy\":\"LEAST_CALLED\"",
                "{\"start\":\"08:00:00\",\"end\":\"12:00:00\"}", "\"date\":\"2026-12-25\"",
                "\"forwardTo\":{\"type\":\"GROUP\",\"value\":\"night\"}");
        assertThat(group.validate()).isEmpty();
    }

    @Test
    void a_user_profile_survives_a_json_round_trip() throws Exception {
        UserProfile user = fullUser();

        String text = json.writeValueAsString(user);

        assertThat(json.readValue(text, UserProfile.class)).isEqualTo(user);
        assertThat(text).contains("\"zone\":\"America/New_York\"", "\"doNotDisturb\":true",
                "\"from\":\"2026-08-01\"", "\"noAnswerSeconds\":25");
        assertThat(user.validate()).isEmpty();
    }

    @Test
    void a_group_written_by_hand_reads_with_defaults_and_unknown_fields_are_ignored() throws Exception {
        String text = """
                {"id":"desk","strategy":"PRIORITY","zone":"Europe/Berlin","advanceSeconds":20,"noAnswerSeconds":0,
                 "members":[{"userId":"anna","priority":0,"colour":"red"}],
                 "openingHours":{"monday":[{"start":"08:00","end":"12:00"}],"comment":"summer"},
                 "futureField":{"x":1}}
                """;

        RingGroup group = json.readValue(text, RingGroup.class);

        assertThat(group.validate()).isEmpty();
        assertThat(group.members()).containsExactly(GroupMember.of("anna", 0));
        assertThat(group.openingHours().monday()).containsExactly(TimeRange.of("08:00", "12:00"));
        assertThat(group.openingHours().tuesday()).isEmpty();
        assertThat(group.onNoAnswer()).isEqualTo(GroupAction.hangUp());
        assertThat(group.maxQueue()).isZero();
    }

    @Test
    void a_user_written_by_hand_validates_with_paths() throws Exception {
        String text = """
                {"id":"anna","zone":"Europe/Berlin","rules":[
                  {"kind":"NO_ANSWER","noAnswerSeconds":95,"forwardTo":{"type":"NUMBER","value":"sip:x@y"}},
                  {"kind":"IMMEDIATE","forwardTo":{"type":"USER","value":"ben"},
                   "when":{"weekdays":["MONDAY"],"times":[{"start":"17:00","end":"08:00"}]}}]}
                """;

        assertThat(json.readValue(text, UserProfile.class).validate()).containsExactly(
                "rules[0].noAnswerSeconds: must be 10..90, got 95",
                "rules[1].when.times[0]: 17:00-08:00 ends before it starts (ranges may not cross midnight;"
                        + " split them, an end of 00:00 means midnight)");
    }

    @Test
    void a_wrong_type_is_refused_by_jackson() {
        assertThatThrownBy(() -> json.readValue("{\"id\":\"g\",\"strategy\":\"SOMETIMES\"}", RingGroup.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("SOMETIMES");
        assertThatThrownBy(() -> json.readValue("{\"id\":\"g\",\"zone\":\"Mars/Olympus\"}", RingGroup.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> json.readValue("{\"start\":\"25:00\",\"end\":\"12:00\"}", TimeRange.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("25:00");
        assertThatThrownBy(() -> json.readValue("{\"id\":\"a\",\"rules\":{\"kind\":\"BUSY\"}}", UserProfile.class))
                .isInstanceOf(JsonMappingException.class);
    }
}
