package org.openintercom.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.cloud.store.ClaimResult.Refusal;
import org.openintercom.provisioning.claim.ClaimCode;

class DeviceStoreTest {

    private static final String KINDS = "org.openintercom.cloud.store.TestDatabase#kinds";

    private static NewClaim claimOf(StoreFixture f, ClaimCode code, Site site) {
        Instant now = f.clock.instant();
        return new NewClaim(code, site.id(), "front door", null, "installer", now, now.plus(Duration.ofDays(7)));
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void claiming_records_a_pending_enrolment_with_nonce_fingerprint_and_expiry(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site site = f.givenSite("a");
            ClaimCode code = StoreFixture.givenClaimCode();

            ClaimResult result = f.devices.claim(claimOf(f, code, site));

            assertThat(result.isClaimed()).isTrue();
            Device d = result.device();
            assertThat(d.state()).isEqualTo(DeviceState.PENDING_ENROLLMENT);
            assertThat(d.scope()).isEqualTo(site.scope());
            assertThat(d.claimNonce()).isEqualTo(code.nonce());
            assertThat(d.keyFingerprint()).isEqualTo(code.keyFingerprint());
            assertThat(d.claimExpiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(7)));
            assertThat(f.devices.findPendingClaim(code.deviceId())).get()
                    .satisfies(p -> assertThat(p.nonce()).isEqualTo(code.nonce()));
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_second_claim_of_a_pending_device_is_refused_and_the_first_one_kept(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site a = f.givenSite("a");
            Site b = f.givenSite("b");
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, a));

            ClaimResult second = f.devices.claim(claimOf(f, code, b));

            assertThat(second.refusal()).isEqualTo(Refusal.ALREADY_CLAIMED);
            assertThat(f.devices.find(code.deviceId()).orElseThrow().siteId()).isEqualTo(a.id());
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void an_expired_pending_claim_can_be_claimed_again(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site a = f.givenSite("a");
            Site b = f.givenSite("b");
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, a));
            f.clock.advance(Duration.ofDays(8));

            assertThat(f.devices.findPendingClaim(code.deviceId())).isEmpty();
            ClaimResult again = f.devices.claim(claimOf(f, code, b));

            assertThat(again.isClaimed()).isTrue();
            assertThat(again.device().siteId()).isEqualTo(b.id());
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void enrolment_activates_the_device_and_consumes_the_nonce_once(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, f.givenSite("a")));
            Instant certExpiry = f.clock.instant().plus(Duration.ofDays(365));

            EnrollmentResult enrolled = f.devices.markEnrolled(code.deviceId(), code.nonce(), "01AB", certExpiry);
            EnrollmentResult again = f.devices.markEnrolled(code.deviceId(), code.nonce(), "01AC", certExpiry);

            assertThat(enrolled.isEnrolled()).isTrue();
            assertThat(enrolled.device().state()).isEqualTo(DeviceState.ACTIVE);
            assertThat(enrolled.device().certificateSerial()).isEqualTo("01AB");
            assertThat(enrolled.device().certificateExpiresAt()).isEqualTo(certExpiry);
            assertThat(again.isEnrolled()).isFalse();
            assertThat(again.problem()).isEqualTo("claim nonce already used");
            assertThat(f.devices.find(code.deviceId()).orElseThrow().certificateSerial()).isEqualTo("01AB");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void enrolment_is_refused_with_a_wrong_nonce_or_after_expiry(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, f.givenSite("a")));

            assertThat(f.devices.markEnrolled(code.deviceId(), "000000000000", "1", Instant.MAX).problem())
                    .contains("does not match");
            f.clock.advance(Duration.ofDays(7));
            assertThat(f.devices.markEnrolled(code.deviceId(), code.nonce(), "1", Instant.MAX).problem())
                    .contains("expired");
            assertThat(f.devices.markEnrolled(StoreFixture.givenClaimCode().deviceId(), code.nonce(), "1",
                    Instant.MAX).problem()).contains("has not been claimed");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void unclaiming_revokes_the_certificate_and_burns_the_nonce(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site site = f.givenSite("a");
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, site));
            f.devices.markEnrolled(code.deviceId(), code.nonce(), "7F01", Instant.parse("2027-01-01T00:00:00Z"));

            Unclaimed unclaimed = f.devices.unclaim(code.deviceId(), "unclaimed by admin").orElseThrow();

            assertThat(unclaimed.revokedSerial()).isEqualTo("7F01");
            assertThat(f.devices.isRevoked("7F01")).isTrue();
            Device d = f.devices.find(code.deviceId()).orElseThrow();
            assertThat(d.state()).isEqualTo(DeviceState.UNCLAIMED);
            assertThat(d.scope()).isNull();
            assertThat(f.devices.unclaim(code.deviceId(), "again")).isEmpty();
            assertThat(f.devices.claim(claimOf(f, code, site)).refusal()).isEqualTo(Refusal.NONCE_USED);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_pending_claim_that_is_unclaimed_cannot_be_replayed_with_the_same_code(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site site = f.givenSite("a");
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, site));

            Unclaimed unclaimed = f.devices.unclaim(code.deviceId(), "wrong site").orElseThrow();

            assertThat(unclaimed.revokedSerial()).isNull();
            assertThat(f.devices.claim(claimOf(f, code, site)).refusal()).isEqualTo(Refusal.NONCE_USED);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_known_device_is_not_claimed_with_a_code_for_another_birth_key(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site site = f.givenSite("a");
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, site));
            f.devices.unclaim(code.deviceId(), "test");
            ClaimCode forged = ClaimCode.newFor(code.deviceId(), StoreFixture.newEcPublicKey());

            assertThat(f.devices.claim(claimOf(f, forged, site)).refusal()).isEqualTo(Refusal.KEY_MISMATCH);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void configuration_presence_and_transfer_are_recorded(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site a = f.givenSite("a");
            Site b = f.givenSite("b");
            ClaimCode code = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, code, a));

            assertThat(f.devices.setDesiredConfiguration(code.deviceId(), "{\"name\":\"x\"}")).hasValue(1);
            assertThat(f.devices.setDesiredConfiguration(code.deviceId(), "{\"name\":\"y\"}")).hasValue(2);
            assertThat(f.devices.recordReported(code.deviceId(), 2, "{\"name\":\"y\"}")).isTrue();
            assertThat(f.devices.setOnline(code.deviceId(), true)).isTrue();
            assertThat(f.devices.recordModel(code.deviceId(), "OI-DS1")).isTrue();
            assertThat(f.devices.transfer(code.deviceId(), b.id())).isTrue();

            Device d = f.devices.find(code.deviceId()).orElseThrow();
            assertThat(d.desiredConfig()).isEqualTo("{\"name\":\"y\"}");
            assertThat(d.reportedVersion()).isEqualTo(2);
            assertThat(d.online()).isTrue();
            assertThat(d.model()).isEqualTo("OI-DS1");
            assertThat(d.lastSeen()).isEqualTo(f.clock.instant());
            assertThat(d.scope()).isEqualTo(b.scope());
            assertThat(f.devices.setDesiredConfiguration(StoreFixture.givenClaimCode().deviceId(), "{}")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void listing_filters_by_company_project_and_site(TestDatabase.Kind kind) {
        try (var f = new StoreFixture(kind)) {
            Site a = f.givenSite("a");
            Site b = f.givenSite("b");
            ClaimCode inA = StoreFixture.givenClaimCode();
            ClaimCode inB = StoreFixture.givenClaimCode();
            f.devices.claim(claimOf(f, inA, a));
            f.devices.claim(claimOf(f, inB, b));

            assertThat(f.devices.list(DeviceQuery.all())).hasSize(2);
            assertThat(f.devices.list(new DeviceQuery(a.companyId(), null, null)))
                    .extracting(Device::id).containsExactly(inA.deviceId());
            assertThat(f.devices.list(new DeviceQuery(null, b.projectId(), null)))
                    .extracting(Device::id).containsExactly(inB.deviceId());
            assertThat(f.devices.list(new DeviceQuery(null, null, a.id())))
                    .extracting(Device::id).containsExactly(inA.deviceId());
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void concurrent_claims_and_enrolments_of_one_device_succeed_exactly_once(TestDatabase.Kind kind) throws Exception {
        try (var f = new StoreFixture(kind)) {
            ClaimCode code = StoreFixture.givenClaimCode();
            List<Site> sites = List.of(f.givenSite("a"), f.givenSite("b"), f.givenSite("c"), f.givenSite("d"));

            List<ClaimResult> claims = inParallel(sites.stream()
                    .map(site -> (Callable<ClaimResult>) () -> f.devices.claim(claimOf(f, code, site))).toList());
            List<EnrollmentResult> enrolments = inParallel(List.of("01", "02", "03", "04").stream()
                    .map(serial -> (Callable<EnrollmentResult>) () ->
                            f.devices.markEnrolled(code.deviceId(), code.nonce(), serial, f.clock.instant().plusSeconds(86400))).toList());

            assertThat(claims).filteredOn(ClaimResult::isClaimed).hasSize(1);
            assertThat(claims).filteredOn(r -> !r.isClaimed())
                    .allSatisfy(r -> assertThat(r.refusal()).isEqualTo(Refusal.ALREADY_CLAIMED));
            assertThat(enrolments).filteredOn(EnrollmentResult::isEnrolled).hasSize(1);
            assertThat(enrolments).filteredOn(r -> !r.isEnrolled())
                    .allSatisfy(r -> assertThat(r.problem()).isEqualTo("claim nonce already used"));
        }
    }

    private static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
