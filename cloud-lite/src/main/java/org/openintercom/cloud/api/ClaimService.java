package org.openintercom.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.ClaimResult;
import org.openintercom.cloud.store.ClaimResult.Refusal;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.NewClaim;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.InvalidClaimCodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a device into a site from its scanned or typed claim code, optionally pre-configured; every
 * outcome, accepted or refused, is audited.
 */
public final class ClaimService {

    /** How long a claim waits for the device to enrol unless configured otherwise. */
    public static final Duration DEFAULT_CLAIM_LIFETIME = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(ClaimService.class);

    private final DeviceStore devices;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final ConfigurationValidator validator;
    private final DeviceLifecycleListener listener;
    private final Clock clock;
    private final Duration claimLifetime;

    public ClaimService(DeviceStore devices, OrganisationStore organisations, AuditLog audit,
            ConfigurationValidator validator, DeviceLifecycleListener listener, Clock clock, Duration claimLifetime) {
        this.devices = devices;
        this.organisations = organisations;
        this.audit = audit;
        this.validator = validator;
        this.listener = listener;
        this.clock = clock;
        this.claimLifetime = claimLifetime;
    }

    /**
     * Claims the device of {@code codeText} (QR payload or typed code) into {@code siteId}.
     *
     * @param name a name for the device, or null
     * @param configuration a desired configuration to store as version 1, or null
     */
    public ClaimResult claim(Principal caller, long siteId, String codeText, String name, JsonNode configuration) {
        ClaimResult result = attempt(caller, siteId, codeText, name, configuration);
        String target = result.isClaimed() ? "device:" + result.device().id() : "site:" + siteId;
        if (result.isClaimed()) {
            audit.record(caller.username(), "claim", target, AuditEntry.Outcome.OK, "into site " + siteId);
            LOG.info("Device {} claimed into site {} by {}", result.device().id(), siteId, caller.username());
            if (result.device().desiredVersion() > 0 && configuration != null) {
                notifyConfigured(result);
            }
        } else {
            audit.record(caller.username(), "claim", target, AuditEntry.Outcome.REFUSED,
                    result.refusal() + ": " + result.detail());
        }
        return result;
    }

    private ClaimResult attempt(Principal caller, long siteId, String codeText, String name, JsonNode configuration) {
        Optional<Site> site = organisations.findSite(siteId);
        if (site.isEmpty()) {
            return ClaimResult.refused(Refusal.UNKNOWN_SITE, "no site " + siteId);
        }
        Decision d = Permissions.check(caller, Action.CONFIGURE, site.get().scope());
        if (!d.allowed()) {
            return ClaimResult.refused(Refusal.NOT_PERMITTED, d.reason());
        }
        ClaimCode code;
        try {
            code = ClaimCode.parse(codeText);
        } catch (InvalidClaimCodeException e) {
            return ClaimResult.refused(Refusal.INVALID_CODE, e.getMessage());
        }
        if (name != null && (name.isBlank() || name.length() > 200)) {
            return ClaimResult.refused(Refusal.INVALID_REQUEST, "name must have 1 to 200 characters");
        }
        String desired = null;
        if (configuration != null && !configuration.isNull()) {
            List<String> problems = validator.problems(configuration);
            if (!problems.isEmpty()) {
                return ClaimResult.refused(Refusal.INVALID_REQUEST, "configuration: " + String.join("; ", problems));
            }
            desired = configuration.toString();
        }
        Instant now = clock.instant();
        ClaimResult stored = devices.claim(new NewClaim(code, siteId, name, desired, caller.username(), now,
                now.plus(claimLifetime)));
        if (stored.isClaimed() && !code.deviceId().equals(stored.device().id())) {
            throw new IllegalStateException("claimed " + stored.device().id() + " for " + code.deviceId());
        }
        return stored;
    }

    private void notifyConfigured(ClaimResult result) {
        try {
            listener.onConfigurationChanged(result.device().id(), result.device().desiredVersion());
        } catch (RuntimeException e) {
            LOG.warn("Lifecycle listener failed for device {}", result.device().id(), e);
        }
    }
}
