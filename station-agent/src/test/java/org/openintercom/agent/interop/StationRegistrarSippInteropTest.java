package org.openintercom.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.freePort;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;
import static org.openintercom.agent.interop.TestStations.udp;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.sip.Registration;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.sip.RegistrationStatus.State;

/**
 * A station registering with sipp as its registrar (scenarios {@code sipp/uas-register-*}): digest challenges
 * checked by sipp's verifyauth, refresh within the granted time, un-REGISTER on close, a proxy challenge (407),
 * 403, 423 Min-Expires, wrong and missing credentials. The station's registration status is checked at each step.
 */
@Tag("interop")
class StationRegistrarSippInteropTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private TestStations.Running station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
    }

    /** A REGISTER sipp received, read from its message trace. */
    record SeenRegister(String callId, long cseq, String expires, boolean authorized) {
    }

    private Process givenSippRegistrar(String scenario, int port) throws Exception {
        Process sipp = Sipp.start(dir, Sipp.scenario(dir, scenario), null, port, null, freePort());
        Thread.sleep(300); // let sipp bind
        return sipp;
    }

    private void givenStationRegisteringAt(int registrarPort, UnaryOperator<Registration> details) {
        Registration registration = details.apply(Registration.of("sip:127.0.0.1:" + registrarPort
                + ";transport=udp", "").withExpires(Duration.ofSeconds(30)));
        station = start(given("frontdoor", "ID5", dir).sip(udp(freePort()).withRegistrar(registration))
                .calls(calls(false)).audio(tone(440)).build());
    }

    private RegistrationStatus awaitRegistration(Predicate<RegistrationStatus> condition) {
        return await().atMost(PATIENCE).until(() -> station.agent().registration(), condition);
    }

    private static Predicate<RegistrationStatus> in(State state) {
        return s -> s.state() == state;
    }

    private RegistrationStatus closeStation() {
        station.close();
        RegistrationStatus last = station.agent().registration();
        station = null;
        return last;
    }

    @Test
    void registers_with_digest_credentials_refreshes_in_time_and_unregisters_on_close() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-digest", port);

        givenStationRegisteringAt(port, r -> r.withCredentials("ext201", "s3cret"));

        RegistrationStatus first = awaitRegistration(in(State.REGISTERED));
        assertThat(first.detail()).contains("registered at sip:127.0.0.1:" + port, "sip:frontdoor@127.0.0.1",
                "for 4 s");
        assertThat(first.expiresAt()).as("the Contact's expires=4, not the Expires: 3600 header").hasValueSatisfying(
                at -> assertThat(at).isBefore(Instant.now().plusSeconds(5)));
        RegistrationStatus refreshed = awaitRegistration(s -> s.state() == State.REGISTERED
                && s.expiresAt().orElseThrow().isAfter(first.expiresAt().orElseThrow()));
        assertThat(refreshed.detail()).contains("for 4 s");

        RegistrationStatus closed = closeStation();

        assertThat(closed.state()).isEqualTo(State.UNREGISTERED);
        assertThat(closed.detail()).startsWith("unregistered from sip:127.0.0.1:" + port);
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<SeenRegister> seen = registers(result.output());
        assertThat(seen).as(result.output()).hasSizeGreaterThanOrEqualTo(6);
        assertOneCallIdAndRisingCSeq(seen);
        assertThat(seen.get(seen.size() - 1).expires()).isEqualTo("0");
        assertThat(seen.get(seen.size() - 1).authorized()).isTrue();
    }

    @Test
    void the_registrar_refuses_a_wrong_password_after_checking_the_digest() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-digest", port);

        givenStationRegisteringAt(port, r -> r.withCredentials("ext201", "not-the-secret"));

        RegistrationStatus failed = awaitRegistration(in(State.FAILED));
        assertThat(failed.detail()).isEqualTo("403 Forbidden");
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as("sipp's verifyauth noticed: " + result.output()).isNotZero();
    }

    @Test
    void answers_a_proxy_challenge_with_sha_256_proxy_credentials() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-407", port);

        givenStationRegisteringAt(port, r -> r.withCredentials("ext201", "s3cret"));

        RegistrationStatus registered = awaitRegistration(in(State.REGISTERED));
        assertThat(registered.detail()).contains("for 300 s");
        assertThat(closeStation().detail()).startsWith("unregistered from");
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as("sipp checked the Proxy-Authorization: " + result.output()).isZero();
        assertThat(registers(result.output())).extracting(SeenRegister::expires).containsExactly("30", "30", "0");
    }

    @Test
    void a_stale_nonce_is_answered_once_more_instead_of_failing() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-stale", port);

        givenStationRegisteringAt(port, r -> r.withCredentials("ext201", "s3cret"));

        RegistrationStatus registered = awaitRegistration(in(State.REGISTERED));
        assertThat(registered.detail()).contains("for 300 s");
        assertThat(closeStation().state()).isEqualTo(State.UNREGISTERED);
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(registers(result.output())).extracting(SeenRegister::authorized)
                .containsExactly(false, true, true, false);
    }

    @Test
    void a_403_fails_the_registration_until_a_retry_after_the_backoff_succeeds() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-403", port);

        givenStationRegisteringAt(port, r -> r);

        RegistrationStatus failed = awaitRegistration(in(State.FAILED));
        assertThat(failed.detail()).isEqualTo("403 Forbidden");
        assertThat(failed.expiresAt()).isEmpty();
        RegistrationStatus registered = awaitRegistration(in(State.REGISTERED));
        assertThat(registered.detail()).contains("for 60 s");

        assertThat(closeStation().state()).isEqualTo(State.UNREGISTERED);
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<SeenRegister> seen = registers(result.output());
        assertThat(seen).hasSize(3);
        assertOneCallIdAndRisingCSeq(seen);
    }

    @Test
    void a_423_makes_the_station_ask_again_for_the_min_expires() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-423", port);

        givenStationRegisteringAt(port, r -> r);

        RegistrationStatus registered = awaitRegistration(in(State.REGISTERED));
        assertThat(registered.detail()).contains("for 120 s");
        assertThat(registered.expiresAt()).hasValueSatisfying(
                at -> assertThat(at).isAfter(Instant.now().plusSeconds(60)));

        assertThat(closeStation().state()).isEqualTo(State.UNREGISTERED);
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(registers(result.output())).extracting(SeenRegister::expires).containsExactly("30", "120", "0");
    }

    @Test
    void wrong_credentials_fail_after_one_answer_to_the_challenge_without_a_loop() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-401-always", port);

        givenStationRegisteringAt(port, r -> r.withCredentials("ext201", "wrong"));

        RegistrationStatus failed = awaitRegistration(in(State.FAILED));
        assertThat(failed.detail()).isEqualTo("401 Unauthorized: wrong credentials for 'ext201'");
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(station.agent().registration().state()).isEqualTo(State.FAILED);
        List<SeenRegister> seen = registers(result.output());
        assertThat(seen).extracting(SeenRegister::authorized).as("a new attempt after the backoff, not a loop")
                .containsExactly(false, true, false);
        assertOneCallIdAndRisingCSeq(seen);
    }

    @Test
    void a_challenge_without_a_configured_password_fails_naming_the_password() throws Exception {
        int port = freePort();
        Process sipp = givenSippRegistrar("uas-register-401-always", port);

        givenStationRegisteringAt(port, r -> r);

        RegistrationStatus failed = awaitRegistration(in(State.FAILED));
        assertThat(failed.detail()).startsWith("401 Unauthorized").contains("no password is configured");
        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(registers(result.output())).extracting(SeenRegister::authorized)
                .containsExactly(false, false, false);
    }

    private static void assertOneCallIdAndRisingCSeq(List<SeenRegister> seen) {
        assertThat(seen).extracting(SeenRegister::callId).as("one Call-ID (RFC 3261 §10.2.4)").containsOnly(
                seen.get(0).callId());
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).cseq()).as("CSeq of REGISTER %d", i + 1).isGreaterThan(seen.get(i - 1).cseq());
        }
    }

    /** The REGISTERs in sipp's message trace, in order. */
    private static List<SeenRegister> registers(String trace) {
        List<SeenRegister> seen = new ArrayList<>();
        String[] lines = trace.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("REGISTER sip:")) {
                continue;
            }
            String callId = null;
            long cseq = -1;
            String expires = null;
            boolean authorized = false;
            for (int j = i + 1; j < lines.length && !lines[j].isBlank(); j++) {
                String line = lines[j];
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (line.regionMatches(true, 0, "Call-ID:", 0, 8)) {
                    callId = value;
                } else if (line.regionMatches(true, 0, "CSeq:", 0, 5)) {
                    cseq = Long.parseLong(value.split(" ")[0]);
                } else if (line.regionMatches(true, 0, "Expires:", 0, 8)) {
                    expires = value;
                } else if (line.regionMatches(true, 0, "Authorization:", 0, 14)) {
                    authorized = true;
                }
            }
            seen.add(new SeenRegister(callId, cseq, expires, authorized));
        }
        return seen;
    }
}
