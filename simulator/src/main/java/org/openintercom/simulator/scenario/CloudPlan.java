package org.openintercom.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The cloud of a scenario: cloud-lite runs embedded on the given loopback ports with its data under
 * {@code dataDir}; each station named in {@code claims} leaves the factory (birth certificate, claim code in
 * {@code factoryDir/ID}), is claimed by an installer from its QR payload into a site and configured from the
 * cloud before the steps run.
 */
public record CloudPlan(int apiPort, int deviceApiPort, int mqttPort, Path dataDir, Path factoryDir, Path trust,
        Duration certificateValidity, Map<String, Claim> claims) {

    /**
     * How one station is claimed: the site's name and the configuration the installer sets; the station's
     * hardware revision (as the factory records it, "A" unless the scenario says otherwise).
     */
    public record Claim(String site, JsonNode configuration, String hardwareRevision) {
    }

    /** The release root the cloud signs firmware under; claimed stations trust it for updates. */
    public Path releaseRoot() {
        return dataDir.resolve("release-ca").resolve("release-root.crt");
    }

    public CloudPlan {
        claims = Map.copyOf(claims);
    }

    public Path factoryOf(String stationId) {
        return factoryDir.resolve(stationId);
    }
}
