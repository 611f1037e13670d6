package org.openintercom.provisioning.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.internal.Certs;

class BirthCertificatesTest {

    private static final char[] PASSPHRASE = "factory floor".toCharArray();
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path dir;
    private static ManufacturerCa manufacturer;
    private final DeviceId device = DeviceId.random();
    private final KeyPair birthKey = KeyPairs.ecP256();

    @BeforeAll
    static void givenManufacturer() {
        manufacturer = ManufacturerCa.createOrLoad(dir.resolve("m"), PASSPHRASE, Clock.systemUTC());
    }

    @Test
    void accepts_a_birth_certificate_from_the_manufacturer() {
        X509Certificate birth = manufacturer.issueBirth(device, birthKey.getPublic(), "ID5");

        BirthVerification result = BirthCertificates.verify(List.of(birth, manufacturer.rootCertificate()),
                manufacturer.rootCertificate(), NOW);

        assertThat(result).isEqualTo(BirthVerification.valid(device));
        assertThat(birth.getSubjectX500Principal().getName())
                .isEqualTo("CN=" + device + ",OU=ID5,O=OpenIntercom manufacturing");
        assertThat(Identities.sanUris(birth)).containsExactly("urn:openintercom:birth:" + device);
        assertThat(birth.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(20 * 365)));
    }

    @Test
    void manufacturer_ca_is_loaded_again_and_refuses_a_wrong_passphrase() {
        ManufacturerCa again = ManufacturerCa.createOrLoad(dir.resolve("m"), PASSPHRASE, Clock.systemUTC());

        assertThat(again.rootCertificate()).isEqualTo(manufacturer.rootCertificate());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ManufacturerCa.createOrLoad(dir.resolve("m"), "wrong".toCharArray(), Clock.systemUTC()))
                .isInstanceOf(WrongPassphraseException.class).hasMessageContaining("manufacturer.key");
    }

    @Test
    void refuses_birth_certificate_from_a_foreign_ca() {
        ManufacturerCa foreign = ManufacturerCa.createOrLoad(dir.resolve("foreign"), PASSPHRASE, Clock.systemUTC());
        X509Certificate birth = foreign.issueBirth(device, birthKey.getPublic(), "ID5");

        BirthVerification result = BirthCertificates.verify(List.of(birth), manufacturer.rootCertificate(), NOW);

        assertThat(result).isInstanceOfSatisfying(BirthVerification.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(BirthVerification.Reason.FOREIGN_CA);
            assertThat(r.message()).contains("not issued by the manufacturer CA");
        });
    }

    @Test
    void refuses_an_expired_birth_certificate_saying_when_it_expired() {
        Clock past = Clock.fixed(Instant.parse("2010-01-01T00:00:00Z"), ZoneOffset.UTC);
        ManufacturerCa old = ManufacturerCa.createOrLoad(dir.resolve("old"), PASSPHRASE, past);
        X509Certificate birth = old.issueBirth(device, birthKey.getPublic(), "ID5", Duration.ofDays(365));

        BirthVerification result = BirthCertificates.verify(List.of(birth), old.rootCertificate(), NOW);

        assertThat(result).isInstanceOfSatisfying(BirthVerification.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(BirthVerification.Reason.EXPIRED);
            assertThat(r.message()).contains("expired on 2011-01-01T00:00:00Z").contains("now is " + NOW);
        });
    }

    @Test
    void refuses_a_birth_certificate_that_is_not_yet_valid() {
        X509Certificate birth = manufacturer.issueBirth(device, birthKey.getPublic(), "ID5");

        BirthVerification result = BirthCertificates.verify(List.of(birth), manufacturer.rootCertificate(),
                NOW.minus(Duration.ofDays(1)));

        assertThat(result).isInstanceOfSatisfying(BirthVerification.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(BirthVerification.Reason.NOT_YET_VALID));
    }

    @Test
    void refuses_a_manufacturer_signed_certificate_without_the_birth_identity() {
        KeyPair rootKeys = KeyPairs.ecP256();
        Instant from = NOW.minus(Duration.ofHours(1));
        X509Certificate root = Certs.selfSignedCa(rootKeys, Certs.name("m", null, "M"), from,
                from.plus(Duration.ofDays(2)), 0);
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(birthKey.getPublic().getEncoded());
        X509Certificate deviceSan = Certs.endEntity(root, rootKeys.getPrivate(), Certs.name(device.value(), null, "M"),
                spki, from, from.plus(Duration.ofDays(1)),
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, Identities.deviceUri(device))),
                KeyPurposeId.id_kp_clientAuth);
        X509Certificate otherCn = Certs.endEntity(root, rootKeys.getPrivate(), Certs.name("not-a-device", null, "M"),
                spki, from, from.plus(Duration.ofDays(1)),
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, Identities.birthUri(device))),
                KeyPurposeId.id_kp_clientAuth);

        for (X509Certificate c : List.of(deviceSan, otherCn)) {
            assertThat(BirthCertificates.verify(List.of(c), root, NOW)).isInstanceOfSatisfying(
                    BirthVerification.Refused.class,
                    r -> assertThat(r.reason()).isEqualTo(BirthVerification.Reason.NOT_A_BIRTH_CERTIFICATE));
        }
    }

    @Test
    void openssl_verifies_a_birth_certificate_against_the_manufacturer_root() {
        Pem.writeCertificates(dir.resolve("mroot.pem"), List.of(manufacturer.rootCertificate()));
        Pem.writeCertificates(dir.resolve("birth.pem"),
                List.of(manufacturer.issueBirth(device, birthKey.getPublic(), "ID5")));

        OpenSsl.Run run = OpenSsl.run(dir, "verify", "-CAfile", "mroot.pem", "-purpose", "sslclient", "birth.pem");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
