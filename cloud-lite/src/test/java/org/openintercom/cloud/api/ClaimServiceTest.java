package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.auth.Grant;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.ClaimResult;
import org.openintercom.cloud.store.ClaimResult.Refusal;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;

/** The claim service used directly, as the simulator does, without HTTP. */
class ClaimServiceTest {

    private final StoreFixture f = new StoreFixture(TestDatabase.Kind.H2);
    private final List<String> configured = new ArrayList<>();
    private final ClaimService claims = new ClaimService(f.devices, f.organisations, f.audit,
            new ConfigurationValidator(), new DeviceLifecycleListener() {
                @Override
                public void onConfigurationChanged(DeviceId deviceId, long version) {
                    configured.add(deviceId + " v" + version);
                }
            }, f.clock, Duration.ofDays(2));
    private final Site site = f.givenSite("a");
    private final Principal installer = new Principal("mia", List.of(new Grant(Role.INSTALLER, site.scope())));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void a_claim_with_a_configuration_stores_version_1_and_tells_the_listener() {
        ClaimCode code = StoreFixture.givenClaimCode();

        ClaimResult result = claims.claim(installer, site.id(), code.qrPayload(), "Front",
                new ObjectMapper().valueToTree(Map.of("door", Map.of("pulse", "2s"))));

        assertThat(result.isClaimed()).isTrue();
        assertThat(result.device().desiredVersion()).isEqualTo(1);
        assertThat(result.device().desiredConfig()).isEqualTo("{\"door\":{\"pulse\":\"2s\"}}");
        assertThat(result.device().claimExpiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(2)));
        assertThat(configured).containsExactly(code.deviceId() + " v1");
        assertThat(f.audit.recent(1).get(0)).satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.OK);
            assertThat(e.target()).isEqualTo("device:" + code.deviceId());
        });
    }

    @Test
    void every_refusal_has_its_reason_and_an_audit_entry() {
        ClaimCode code = StoreFixture.givenClaimCode();
        Site other = f.givenSite("b");

        List<ClaimResult> refused = List.of(
                claims.claim(installer, 999, code.qrPayload(), null, null),
                claims.claim(installer, other.id(), code.qrPayload(), null, null),
                claims.claim(installer, site.id(), "OI:1", null, null),
                claims.claim(installer, site.id(), code.qrPayload(), null,
                        new ObjectMapper().valueToTree(Map.of("colour", "red"))));

        assertThat(refused).extracting(ClaimResult::refusal).containsExactly(Refusal.UNKNOWN_SITE,
                Refusal.NOT_PERMITTED, Refusal.INVALID_CODE, Refusal.INVALID_REQUEST);
        assertThat(refused.get(3).detail()).isEqualTo(
                "configuration: colour: unknown key (known: buttons, door, name, outputs)");
        assertThat(f.audit.recent(10)).hasSize(4)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED));
        assertThat(f.devices.find(code.deviceId())).isEmpty();
    }
}
