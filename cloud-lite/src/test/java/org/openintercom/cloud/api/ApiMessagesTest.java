package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.api.ApiMessages.ClaimRequest;
import org.openintercom.cloud.api.ApiMessages.RoleRequest;
import org.openintercom.cloud.api.ApiMessages.SessionResponse;
import org.openintercom.cloud.api.ApiMessages.TransferRequest;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.ScopeType;

class ApiMessagesTest {

    private final JsonCodec json = new JsonCodec();

    private static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messages_survive_a_round_trip() {
        SessionResponse session = new SessionResponse("t", Instant.parse("2026-03-01T10:00:00Z"));
        RoleRequest role = new RoleRequest(Role.VIEWER, ScopeType.SITE, 7L);

        assertThat(new String(json.write(session), StandardCharsets.UTF_8))
                .isEqualTo("{\"token\":\"t\",\"expiresAt\":\"2026-03-01T10:00:00Z\"}");
        assertThat(json.read(json.write(session), SessionResponse.class)).isEqualTo(session);
        assertThat(json.read(json.write(role), RoleRequest.class)).isEqualTo(role);
    }

    @Test
    void unknown_fields_are_ignored() {
        ClaimRequest request = json.read(bytes("{'code':'OI:1','name':'x','future':{'a':1}}"), ClaimRequest.class);

        assertThat(request.code()).isEqualTo("OI:1");
        assertThat(request.configuration()).isNull();
    }

    @Test
    void a_wrong_type_names_the_field() {
        assertThatThrownBy(() -> json.read(bytes("{'siteId':'12'}"), TransferRequest.class))
                .hasMessage("field 'siteId' has the wrong type: expected a number");
        assertThatThrownBy(() -> json.read(bytes("{'siteId':{}}"), TransferRequest.class))
                .hasMessage("field 'siteId' has the wrong type: expected a number");
        assertThatThrownBy(() -> json.read(bytes("{'name':true}"), ClaimRequest.class))
                .hasMessage("field 'name' has the wrong type: expected a string");
    }

    @Test
    void malformed_or_missing_json_is_refused_with_a_position() {
        assertThatThrownBy(() -> json.read(bytes("{'siteId': 1"), TransferRequest.class))
                .hasMessageStartingWith("malformed JSON at line 1, column");
        assertThatThrownBy(() -> json.read(new byte[0], TransferRequest.class))
                .hasMessage("request body is empty; expected a JSON object");
        assertThatThrownBy(() -> json.read(bytes("[1]"), TransferRequest.class))
                .hasMessage("request body must be a JSON object");
        assertThatThrownBy(() -> json.read(bytes("{} {}"), TransferRequest.class))
                .isInstanceOf(ApiError.class);
    }
}
