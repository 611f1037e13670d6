package org.openintercom.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.firmware.UploadOutcome;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.BundleSpec;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.ReleaseCa;
import org.openintercom.ota.ReleaseKeys;
import org.openintercom.ota.SigningAlgorithm;

/** Real signed bundles under a running cloud-lite's development release CA, uploaded to its repository. */
final class DevelopmentReleases {

    private final CloudLite cloud;
    private final Path dir;
    private final KeyPair keys = ReleaseKeys.generate(SigningAlgorithm.ED25519);
    private final List<X509Certificate> chain;

    DevelopmentReleases(CloudLite cloud, Path cloudData, Path dir) {
        this.cloud = cloud;
        this.dir = dir;
        Path caDir = cloudData.resolve("release-ca");
        try {
            ReleaseCa ca = ReleaseCa.createOrLoad(caDir, Files.readString(caDir.resolve("passphrase")).strip()
                    .toCharArray(), Clock.systemUTC());
            chain = ca.issueSigner("test releases", keys.getPublic(), Duration.ofDays(30));
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds, signs and uploads a bundle of {@code version} for {@code model} with a payload of its own. */
    FirmwareRelease upload(String version, String model, boolean securityCritical, int securityVersion) {
        try {
            Path payload = dir.resolve("image-" + version + ".img");
            Files.writeString(payload, ("image " + version + " for " + model + "\n").repeat(5000));
            Path bundle = dir.resolve("fw-" + version + "-" + model + ".oib");
            BundleBuilder.build(payload, BundleSpec.of(FirmwareVersion.parse(version), List.of(model), securityVersion)
                    .withSecurityCritical(securityCritical).withChunkSize(16 << 10), bundle, Clock.systemUTC());
            BundleSigner.sign(bundle, keys.getPrivate(), chain);
            try (InputStream in = Files.newInputStream(bundle)) {
                UploadOutcome outcome = cloud.firmware().upload(in, "test");
                if (outcome.release() == null) {
                    throw new IllegalStateException("upload of " + version + " refused: " + outcome);
                }
                return outcome.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
