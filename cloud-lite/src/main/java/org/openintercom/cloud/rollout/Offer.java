package org.openintercom.cloud.rollout;

import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.firmware.FirmwareCatalog;
import org.openintercom.cloud.firmware.FirmwareRelease;

/**
 * Whether a device is offered a bundle, decided from its policy, the version it runs and the security version of
 * that version: a table of rules, checked in order. Used by rollouts and by the current release alike.
 */
record Offer(Kind kind, String reason) {

    /** What happens to the device. */
    enum Kind {
        /** Publish the assignment. */
        ASSIGN,
        /** It already runs the bundle's version: counts as committed. */
        ALREADY_CURRENT,
        /** MANUAL policy and not approved. */
        AWAIT_APPROVAL,
        /** Not offered; {@code reason} says why. */
        SKIP
    }

    static final String ALREADY_CURRENT = "ALREADY_CURRENT";
    static final String POLICY_SECURITY_ONLY = "POLICY_SECURITY_ONLY";
    static final String POLICY_MANUAL = "POLICY_MANUAL";
    static final String SECURITY_DOWNGRADE = "SECURITY_DOWNGRADE";
    static final String INCOMPATIBLE = "INCOMPATIBLE_MODEL";

    /**
     * The offer of {@code release} to a device of {@code model} with {@code firmware}; {@code approved} says an
     * operator approved this device (MANUAL policy).
     */
    static Offer decide(FirmwareRelease release, String model, DeviceFirmware firmware, boolean approved,
            FirmwareCatalog catalog) {
        if (model == null || !release.models().contains(model)) {
            return new Offer(Kind.SKIP, INCOMPATIBLE);
        }
        if (release.version().equals(firmware.runningVersion())) {
            return new Offer(Kind.ALREADY_CURRENT, ALREADY_CURRENT);
        }
        if (firmware.policy() == UpdatePolicy.MANUAL && !approved) {
            return new Offer(Kind.AWAIT_APPROVAL, POLICY_MANUAL);
        }
        if (firmware.policy() == UpdatePolicy.SECURITY_ONLY && !release.securityCritical()) {
            return new Offer(Kind.SKIP, POLICY_SECURITY_ONLY);
        }
        Optional<Integer> running = runningSecurityVersion(catalog, model, firmware.runningVersion());
        if (running.isPresent() && running.get() > release.securityVersion()) {
            return new Offer(Kind.SKIP, SECURITY_DOWNGRADE);
        }
        return new Offer(Kind.ASSIGN, null);
    }

    /** The security version of what the device runs, when the catalog knows that release. */
    static Optional<Integer> runningSecurityVersion(FirmwareCatalog catalog, String model, String version) {
        if (version == null) {
            return Optional.empty();
        }
        List<FirmwareRelease> all = catalog.all();
        return all.stream().filter(r -> r.version().equals(version) && r.models().contains(model))
                .map(FirmwareRelease::securityVersion).max(Integer::compare);
    }
}
