package org.openintercom.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.OptionalLong;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceQuery;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.Unclaimed;
import org.openintercom.provisioning.channel.Command;
import org.openintercom.provisioning.channel.CommandAck;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists, shows, configures, unclaims and transfers claimed devices within the caller's scopes. */
public final class DeviceService {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceService.class);

    private final DeviceStore devices;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final ConfigurationValidator validator;
    private final DeviceLifecycleListener listener;
    private final DeviceCommands commands;
    private final Clock clock;

    public DeviceService(DeviceStore devices, OrganisationStore organisations, AuditLog audit,
            ConfigurationValidator validator, DeviceLifecycleListener listener,
            DeviceCommands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
        this.devices = devices;
        this.organisations = organisations;
        this.audit = audit;
        this.validator = validator;
        this.listener = listener;
    }

    /** The claimed devices matching {@code query} that the caller may read. */
    public List<Device> list(Principal caller, DeviceQuery query) {
        return devices.list(query).stream()
                .filter(d -> Permissions.check(caller, Action.READ, d.scope()).allowed())
                .toList();
    }

    /** A claimed device the caller may read. */
    public Result<Device> get(Principal caller, DeviceId id) {
        return claimed(id).map(d -> allowed(caller, Action.READ, d)).orElseGet(() -> notClaimed(id));
    }

    /** Stores a validated desired configuration and returns its version. */
    public Result<Long> configure(Principal caller, DeviceId id, JsonNode configuration) {
        Result<Device> device = claimed(id).map(d -> allowed(caller, Action.CONFIGURE, d)).orElseGet(() -> notClaimed(id));
        if (!device.isOk()) {
            return Result.refused(device.problem());
        }
        List<String> problems = validator.problems(configuration);
        if (!problems.isEmpty()) {
            return Result.refused(Problem.invalid("configuration: " + String.join("; ", problems)));
        }
        OptionalLong version = devices.setDesiredConfiguration(id, configuration.toString());
        if (version.isEmpty()) {
            return notClaimed(id);
        }
        audit.record(caller.username(), "configure", "device:" + id, AuditEntry.Outcome.OK,
                "version " + version.getAsLong());
        safely(id, () -> listener.onConfigurationChanged(id, version.getAsLong()));
        return Result.ok(version.getAsLong());
    }

    /**
     * Sends a command (open door, reboot, rename, snapshot) to a claimed device and waits for its
     * acknowledgement; a device that does not answer within {@code timeout} is reported as unreachable.
     */
    public Result<CommandAck> command(Principal caller, DeviceId id, Command.Type type, Map<String, String> arguments,
            Duration timeout) {
        Result<Device> device = claimed(id).map(d -> allowed(caller, Action.CONFIGURE, d)).orElseGet(() -> notClaimed(id));
        if (!device.isOk()) {
            audit.record(caller.username(), "command " + type, "device:" + id, AuditEntry.Outcome.REFUSED,
                    device.problem().detail());
            return Result.refused(device.problem());
        }
        Command command = new Command(UUID.randomUUID().toString(), type, arguments, clock.instant(),
                Optional.of(clock.instant().plus(timeout)));
        try {
            CommandAck ack = commands.send(id, command, timeout).get();
            audit.record(caller.username(), "command " + type, "device:" + id,
                    ack.outcome() == CommandAck.Outcome.DONE ? AuditEntry.Outcome.OK : AuditEntry.Outcome.REFUSED,
                    ack.outcome() + ack.detail().map(d -> ": " + d).orElse(""));
            return Result.ok(ack);
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof TimeoutException
                    ? "device " + id + " did not acknowledge within " + timeout.toSeconds() + " s (offline?)"
                    : e.getCause().getMessage();
            audit.record(caller.username(), "command " + type, "device:" + id, AuditEntry.Outcome.REFUSED, why);
            return Result.refused(Problem.unavailable(why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.refused(Problem.unavailable("interrupted"));
        }
    }

    /** Releases a device from its site, revoking its certificate. */
    public Result<Unclaimed> unclaim(Principal caller, DeviceId id) {
        Result<Device> device = claimed(id).map(d -> allowed(caller, Action.CONFIGURE, d)).orElseGet(() -> notClaimed(id));
        if (!device.isOk()) {
            audit.record(caller.username(), "unclaim", "device:" + id, AuditEntry.Outcome.REFUSED,
                    device.problem().detail());
            return Result.refused(device.problem());
        }
        Optional<Unclaimed> unclaimed = devices.unclaim(id, "unclaimed by " + caller.username());
        if (unclaimed.isEmpty()) {
            return notClaimed(id);
        }
        String serial = unclaimed.get().revokedSerial();
        audit.record(caller.username(), "unclaim", "device:" + id, AuditEntry.Outcome.OK,
                serial == null ? "no certificate issued yet" : "revoked certificate " + serial);
        LOG.info("Device {} unclaimed by {} (revoked certificate {})", id, caller.username(), serial);
        safely(id, () -> listener.onUnclaimed(id, serial));
        Long site = device.value().siteId();
        if (site != null) {
            safely(id, () -> listener.onMoved(id, site, null));
        }
        return Result.ok(unclaimed.get());
    }

    /** Moves a device to another site: administrator where it is, at least installer where it goes. */
    public Result<Device> transfer(Principal caller, DeviceId id, long siteId) {
        Result<Device> device = claimed(id).map(d -> allowed(caller, Action.ADMINISTER, d)).orElseGet(() -> notClaimed(id));
        Optional<Site> site = organisations.findSite(siteId);
        Result<Device> refusal = null;
        if (!device.isOk()) {
            refusal = device;
        } else if (site.isEmpty()) {
            refusal = Result.refused(Problem.notFound("no site " + siteId));
        } else {
            Decision atTarget = Permissions.check(caller, Action.CONFIGURE, site.get().scope());
            if (!atTarget.allowed()) {
                refusal = Result.refused(Problem.forbidden(atTarget.reason()));
            }
        }
        if (refusal != null) {
            audit.record(caller.username(), "transfer", "device:" + id, AuditEntry.Outcome.REFUSED,
                    "to site " + siteId + ": " + refusal.problem().detail());
            return refusal;
        }
        if (!devices.transfer(id, siteId)) {
            return notClaimed(id);
        }
        audit.record(caller.username(), "transfer", "device:" + id, AuditEntry.Outcome.OK,
                "from site " + device.value().siteId() + " to site " + siteId);
        LOG.info("Device {} transferred to site {} by {}", id, siteId, caller.username());
        Long from = device.value().siteId();
        if (from != null) {
            safely(id, () -> listener.onMoved(id, from, siteId));
        }
        return Result.ok(devices.find(id).orElseThrow());
    }

    private Optional<Device> claimed(DeviceId id) {
        return devices.find(id).filter(d -> d.state() != DeviceState.UNCLAIMED);
    }

    private static Result<Device> allowed(Principal caller, Action action, Device device) {
        Decision d = Permissions.check(caller, action, device.scope());
        return d.allowed() ? Result.ok(device) : Result.refused(Problem.forbidden(d.reason()));
    }

    private static <T> Result<T> notClaimed(DeviceId id) {
        return Result.refused(Problem.notFound("device " + id + " is not claimed"));
    }

    private static void safely(DeviceId id, Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException e) {
            LOG.warn("Lifecycle listener failed for device {}", id, e);
        }
    }
}
