package org.openintercom.cloud.api;

import java.io.InputStream;
import java.util.List;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.firmware.FirmwareRepository;
import org.openintercom.cloud.firmware.UploadOutcome;

/**
 * The firmware repository for API callers: bundles are shared by every organisation, so uploading and
 * deleting need the RELEASE action at system scope (an ADMIN or OPERATOR there); any signed-in user with a
 * role may list them.
 */
public final class FirmwareService {

    private final FirmwareRepository repository;

    public FirmwareService(FirmwareRepository repository) {
        this.repository = repository;
    }

    /** The repository behind this service. */
    public FirmwareRepository repository() {
        return repository;
    }

    /** Whether {@code caller} may upload and delete bundles (checked before the body is read). */
    public Result<Principal> mayRelease(Principal caller) {
        Decision d = Permissions.check(caller, Action.RELEASE, Scope.system());
        return d.allowed() ? Result.ok(caller) : Result.refused(Problem.forbidden(d.reason()));
    }

    /** Reads, verifies and stores the bundle in {@code body} on behalf of {@code caller}. */
    public Result<UploadOutcome> upload(Principal caller, InputStream body) {
        Result<Principal> may = mayRelease(caller);
        if (!may.isOk()) {
            return Result.refused(may.problem());
        }
        return Result.ok(repository.upload(body, caller.username()));
    }

    /** Every bundle, newest upload first. */
    public Result<List<FirmwareRelease>> list(Principal caller) {
        if (caller.grants().isEmpty()) {
            return Result.refused(Problem.forbidden(caller.username() + " has no role"));
        }
        return Result.ok(repository.all());
    }

    public Result<FirmwareRelease> get(Principal caller, String bundleId) {
        if (caller.grants().isEmpty()) {
            return Result.refused(Problem.forbidden(caller.username() + " has no role"));
        }
        return repository.find(bundleId).map(Result::ok)
                .orElseGet(() -> Result.refused(Problem.notFound("no firmware bundle " + bundleId)));
    }

    /** Deletes a bundle that no rollout references. */
    public Result<FirmwareRelease> delete(Principal caller, String bundleId) {
        Result<Principal> may = mayRelease(caller);
        if (!may.isOk()) {
            return Result.refused(may.problem());
        }
        var release = repository.find(bundleId);
        if (release.isEmpty()) {
            return Result.refused(Problem.notFound("no firmware bundle " + bundleId));
        }
        var blocker = repository.deleteBlocker(bundleId);
        if (blocker.isPresent()) {
            return Result.refused(Problem.conflict(blocker.get()));
        }
        repository.delete(bundleId, caller.username());
        return Result.ok(release.get());
    }
}
