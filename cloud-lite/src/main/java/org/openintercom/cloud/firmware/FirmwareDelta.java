package org.openintercom.cloud.firmware;

/**
 * A precomputed patch from the payload of {@code baseVersion} to the payload of bundle {@code targetBundleId};
 * devices fetch it from {@code patchPath} on the device API.
 */
public record FirmwareDelta(String baseBundleId, String baseVersion, String basePayloadSha256, String targetBundleId,
        String patchPath, long patchSize) {
}
