package org.openintercom.provisioning.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;

class DeviceFactoryDataTest {

    @TempDir
    Path tmp;
    private Path dir;
    private DeviceFactoryData data;

    @BeforeEach
    void givenDevice() {
        ManufacturerCa ca = ManufacturerCa.createOrLoad(tmp.resolve("ca"), "pp".toCharArray(), Clock.systemUTC());
        DeviceId id = DeviceId.random();
        KeyPair keys = KeyPairs.ecP256();
        dir = tmp.resolve("devices").resolve(id.value());
        data = DeviceFactoryData.create(dir, new DeviceInfo(id, "ID5", "B"), keys,
                List.of(ca.issueBirth(id, keys.getPublic(), "ID5"), ca.rootCertificate()));
    }

    @Test
    void factory_data_reads_back_the_same() {
        DeviceFactoryData loaded = DeviceFactoryData.load(dir);

        assertThat(loaded.device()).isEqualTo(data.device());
        assertThat(loaded.claimCode()).isEqualTo(data.claimCode());
        assertThat(loaded.birthChain()).isEqualTo(data.birthChain());
        assertThat(loaded.birthKey().getEncoded()).isEqualTo(data.birthKey().getEncoded());
    }

    @Test
    void files_have_the_documented_layout_and_the_key_is_owner_only() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(json.readTree(dir.resolve("device.json").toFile()).get("deviceId").asText())
                .isEqualTo(data.deviceId().value());
        assertThat(json.readTree(dir.resolve("device.json").toFile()).get("hardwareRevision").asText())
                .isEqualTo("B");
        assertThat(json.readTree(dir.resolve("claim.json").toFile()).get("code").asText())
                .isEqualTo(data.claimCode().compact());
        assertThat(Files.readString(dir.resolve("birth.crt")).split("BEGIN CERTIFICATE", -1)).hasSize(3);
        assertThat(org.openintercom.provisioning.pki.Pem.readCertificates(dir.resolve("birth.crt")))
                .containsExactlyElementsOf(data.birthChain());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("birth.key"))))
                .isEqualTo("rw-------");
        assertThat(data.claimCode().matchesKey(data.birthCertificate().getPublicKey())).isTrue();
    }

    @Test
    void a_new_claim_code_rotates_the_nonce_and_is_saved() {
        DeviceFactoryData rotated = data.newClaimCode();

        assertThat(rotated.claimCode().nonce()).isNotEqualTo(data.claimCode().nonce());
        assertThat(rotated.claimCode().keyFingerprint()).isEqualTo(data.claimCode().keyFingerprint());
        assertThat(DeviceFactoryData.load(dir).claimCode()).isEqualTo(rotated.claimCode());
    }

    @Test
    void a_claim_code_of_another_device_is_refused_on_load() throws Exception {
        ClaimCode foreign = ClaimCode.newFor(DeviceId.random(), KeyPairs.ecP256().getPublic());
        Files.writeString(dir.resolve("claim.json"), "{\"code\":\"" + foreign.compact() + "\"}");

        assertThatThrownBy(() -> DeviceFactoryData.load(dir)).isInstanceOf(FactoryDataException.class)
                .hasMessageContaining("claim code is for device " + foreign.deviceId());
    }

    @Test
    void a_missing_file_is_named() throws Exception {
        Files.delete(dir.resolve("device.json"));

        assertThatThrownBy(() -> DeviceFactoryData.load(dir)).hasMessageContaining("device.json");
    }
}
