package org.openintercom.ota;

import java.util.Objects;

/**
 * Decides whether a verified manifest may be installed on a device: right model and hardware revision, not
 * below the device's security version, not the version it runs, and for a delta the base it runs.
 *
 * <p>An older version is accepted as long as its security version is not below the device's: operators roll
 * back a bad release that way; anti-rollback only forbids going back past a security fix.
 */
public final class Compatibility {

    /** Why a bundle does not fit a device. */
    public enum Reason {
        /** The device's model is not among the manifest's models. */
        WRONG_MODEL,
        /** The device's hardware revision is not among the manifest's revisions. */
        WRONG_HARDWARE,
        /** The bundle's security version is below the one the device runs (anti-rollback). */
        DOWNGRADE_BELOW_SECURITY_VERSION,
        /** The device already runs this version. */
        SAME_VERSION,
        /** The payload is a delta against a version the device does not run. */
        WRONG_DELTA_BASE
    }

    /** The outcome: installable, or refused with a reason and a message for people. */
    public record Result(Reason reason, String message) {

        /** An installable bundle. */
        public static Result ok(String message) {
            return new Result(null, message);
        }

        /** Whether the bundle may be installed. */
        public boolean ok() {
            return reason == null;
        }
    }

    private Compatibility() {
    }

    /** Checks {@code manifest} against a device running {@code currentVersion} at {@code currentSecurityVersion}. */
    public static Result check(Manifest manifest, String model, String hardwareRevision,
            FirmwareVersion currentVersion, long currentSecurityVersion) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(currentVersion, "currentVersion");
        if (!manifest.models().contains(model)) {
            return new Result(Reason.WRONG_MODEL, "firmware " + manifest.version() + " is for " + manifest.models()
                    + ", not for model " + model);
        }
        if (!manifest.hardwareRevisions().isEmpty() && !manifest.hardwareRevisions().contains(hardwareRevision)) {
            return new Result(Reason.WRONG_HARDWARE, "firmware " + manifest.version() + " is for hardware revisions "
                    + manifest.hardwareRevisions() + ", not for " + hardwareRevision);
        }
        if (manifest.securityVersion() < currentSecurityVersion) {
            return new Result(Reason.DOWNGRADE_BELOW_SECURITY_VERSION, "firmware " + manifest.version()
                    + " has security version " + manifest.securityVersion() + ", below the device's "
                    + currentSecurityVersion + " (it would undo a security fix)");
        }
        if (manifest.version().equals(currentVersion)) {
            return new Result(Reason.SAME_VERSION, "the device already runs " + currentVersion);
        }
        if (manifest.deltaBase().isPresent() && !manifest.deltaBase().get().version().equals(currentVersion)) {
            return new Result(Reason.WRONG_DELTA_BASE, "firmware " + manifest.version() + " is a delta from "
                    + manifest.deltaBase().get().version() + ", the device runs " + currentVersion);
        }
        return Result.ok((manifest.version().isNewerThan(currentVersion) ? "update " : "rollback ") + currentVersion
                + " -> " + manifest.version());
    }
}
