package org.openintercom.simulator.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.BundleSpec;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.ReleaseCa;
import org.openintercom.ota.ReleaseKeys;
import org.openintercom.ota.SigningAlgorithm;

/**
 * The release engineer of a simulation: signs emulated images under the embedded cloud's development release CA
 * (its key and passphrase live in the cloud's data folder) and writes them as bundles, ready for upload.
 */
public final class SimReleases {

    private static final int CHUNK = 64 << 10;

    private final Path dir;
    private final KeyPair keys = ReleaseKeys.generate(SigningAlgorithm.ED25519);
    private final List<X509Certificate> chain;

    /** Releases signed under the development release CA in {@code cloudData}, bundles written to {@code dir}. */
    public SimReleases(Path cloudData, Path dir) {
        this.dir = dir;
        Path caDir = cloudData.resolve("release-ca");
        try {
            char[] passphrase = Files.readString(caDir.resolve("passphrase")).strip().toCharArray();
            ReleaseCa ca = ReleaseCa.createOrLoad(caDir, passphrase, Clock.systemUTC());
            this.chain = ca.issueSigner("simulator releases", keys.getPublic(), Duration.ofDays(30));
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the release CA in " + caDir + ": " + e.getMessage(), e);
        }
    }

    /** A signed bundle of {@code image} as {@code version} for {@code models}. */
    public Path bundle(String version, List<String> models, int securityVersion, boolean securityCritical,
            byte[] image) {
        try {
            Path payload = dir.resolve("image-" + version + ".img");
            Files.write(payload, image);
            Path bundle = dir.resolve("fw-" + version + ".oib");
            BundleBuilder.build(payload, BundleSpec.of(FirmwareVersion.parse(version), models, securityVersion)
                    .withSecurityCritical(securityCritical).withChunkSize(CHUNK), bundle, Clock.systemUTC());
            BundleSigner.sign(bundle, keys.getPrivate(), chain);
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build release " + version + ": " + e.getMessage(), e);
        }
    }
}
