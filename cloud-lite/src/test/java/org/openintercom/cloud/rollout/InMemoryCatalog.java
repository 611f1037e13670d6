package org.openintercom.cloud.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.firmware.FirmwareCatalog;
import org.openintercom.cloud.firmware.FirmwareDelta;
import org.openintercom.cloud.firmware.FirmwareRelease;

/** A firmware catalog in memory, with given-helpers for releases and deltas. */
public final class InMemoryCatalog implements FirmwareCatalog {

    private final List<FirmwareRelease> releases = new ArrayList<>();
    private final List<FirmwareDelta> deltas = new ArrayList<>();

    /** A release of {@code version} for {@code model}; its bundle id is derived from version and model. */
    public FirmwareRelease givenRelease(String version, String model, boolean securityCritical, int securityVersion) {
        FirmwareRelease r = new FirmwareRelease(sha256(version + "/" + model), version, List.of(model), List.of(),
                securityCritical, securityVersion, 7_000_000, sha256("payload " + version), "notes", "release-signer",
                Instant.parse("2026-02-01T00:00:00Z"));
        releases.add(0, r);
        return r;
    }

    public FirmwareDelta givenDelta(FirmwareRelease base, FirmwareRelease target) {
        FirmwareDelta d = new FirmwareDelta(base.bundleId(), base.version(), base.payloadSha256(), target.bundleId(),
                "/device/v1/firmware/deltas/" + base.bundleId() + "-" + target.bundleId() + ".zst", 120_000);
        deltas.add(d);
        return d;
    }

    void remove(FirmwareRelease r) {
        releases.remove(r);
    }

    @Override
    public Optional<FirmwareRelease> find(String bundleId) {
        return releases.stream().filter(r -> r.bundleId().equals(bundleId)).findFirst();
    }

    @Override
    public List<FirmwareRelease> all() {
        return List.copyOf(releases);
    }

    @Override
    public Optional<FirmwareDelta> delta(String baseVersion, String targetBundleId) {
        return deltas.stream().filter(d -> d.baseVersion().equals(baseVersion) && d.targetBundleId().equals(targetBundleId))
                .findFirst();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
