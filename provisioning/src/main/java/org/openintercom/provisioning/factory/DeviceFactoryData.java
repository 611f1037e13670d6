package org.openintercom.provisioning.factory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.Identities;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * The factory data a device carries in one directory: {@code device.json} (id, model, hardware revision),
 * {@code birth.key} (PKCS#8 PEM, owner-only), {@code birth.crt} (birth certificate and manufacturer root) and
 * {@code claim.json} (the current claim code, compact form).
 *
 * @param directory where the files live
 * @param device id, model and hardware revision
 * @param birthKey the birth private key (it never leaves the device)
 * @param birthChain the birth certificate, then the manufacturer root
 * @param claimCode the claim code currently printed on (or valid for) the device
 */
public record DeviceFactoryData(Path directory, DeviceInfo device, PrivateKey birthKey,
        List<X509Certificate> birthChain, ClaimCode claimCode) {

    /** File names inside the directory. */
    public static final String DEVICE_JSON = "device.json";
    public static final String BIRTH_KEY = "birth.key";
    public static final String BIRTH_CRT = "birth.crt";
    public static final String CLAIM_JSON = "claim.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeviceJson(String deviceId, String model, String hardwareRevision) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClaimJson(String code) {
    }

    public DeviceFactoryData {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(birthKey, "birthKey");
        birthChain = List.copyOf(birthChain);
        Objects.requireNonNull(claimCode, "claimCode");
        if (birthChain.isEmpty()) {
            throw new IllegalArgumentException("the birth chain is empty");
        }
        if (!claimCode.deviceId().equals(device.deviceId())) {
            throw new IllegalArgumentException("claim code is for device " + claimCode.deviceId() + ", not "
                    + device.deviceId());
        }
        if (!claimCode.matchesKey(birthChain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("claim code of " + device.deviceId()
                    + " does not match the birth certificate's key");
        }
    }

    /** New factory data with a fresh claim code, written to {@code directory}. */
    public static DeviceFactoryData create(Path directory, DeviceInfo device, KeyPair birthKeys,
            List<X509Certificate> birthChain) {
        ClaimCode code = ClaimCode.newFor(device.deviceId(), birthChain.get(0).getPublicKey());
        DeviceFactoryData data = new DeviceFactoryData(directory, device, birthKeys.getPrivate(), birthChain, code);
        data.save();
        return data;
    }

    /** Reads the factory data in {@code directory}, checking that its files agree with each other. */
    public static DeviceFactoryData load(Path directory) {
        DeviceJson d = readJson(directory.resolve(DEVICE_JSON), DeviceJson.class);
        ClaimJson c = readJson(directory.resolve(CLAIM_JSON), ClaimJson.class);
        Path birthCrt = directory.resolve(BIRTH_CRT);
        List<X509Certificate> chain = Pem.readCertificates(birthCrt);
        PrivateKey key = Pem.readPrivateKey(directory.resolve(BIRTH_KEY), null);
        DeviceInfo info;
        ClaimCode code;
        try {
            info = new DeviceInfo(new DeviceId(d.deviceId()), d.model(), d.hardwareRevision());
            code = ClaimCode.parse(c.code());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new FactoryDataException("invalid factory data in " + directory + ": " + e.getMessage(), e);
        }
        if (!Identities.birthDeviceIdOf(chain.get(0)).map(info.deviceId()::equals).orElse(false)) {
            throw new FactoryDataException(birthCrt + " is not the birth certificate of " + info.deviceId(), null);
        }
        try {
            return new DeviceFactoryData(directory, info, key, chain, code);
        } catch (IllegalArgumentException e) {
            throw new FactoryDataException("inconsistent factory data in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes all four files (the key owner-only), each atomically. */
    public void save() {
        SecureFiles.createPrivateDirectory(directory);
        Pem.writePrivateKey(directory.resolve(BIRTH_KEY), birthKey, null);
        Pem.writeCertificates(directory.resolve(BIRTH_CRT), birthChain);
        writeJson(directory.resolve(DEVICE_JSON), new DeviceJson(device.deviceId().value(), device.model(),
                device.hardwareRevision()));
        writeClaim();
    }

    /** Rotates the claim nonce (after an unclaim, the old code must stop working): writes claim.json. */
    public DeviceFactoryData newClaimCode() {
        DeviceFactoryData next = new DeviceFactoryData(directory, device, birthKey, birthChain,
                ClaimCode.newFor(device.deviceId(), birthChain.get(0).getPublicKey()));
        next.writeClaim();
        return next;
    }

    /** The birth certificate. */
    public X509Certificate birthCertificate() {
        return birthChain.get(0);
    }

    /** The device id. */
    public DeviceId deviceId() {
        return device.deviceId();
    }

    private void writeClaim() {
        writeJson(directory.resolve(CLAIM_JSON), new ClaimJson(claimCode.compact()));
    }

    private static void writeJson(Path file, Object value) {
        try {
            SecureFiles.write(file, JSON.writeValueAsBytes(value), false);
        } catch (IOException e) {
            throw new FactoryDataException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T> T readJson(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            throw new FactoryDataException(file + " does not exist (not a device factory directory?)", null);
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new FactoryDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
