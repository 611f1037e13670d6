package org.openintercom.cloud.api;

import java.util.Optional;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.auth.TokenService;
import org.openintercom.cloud.rollout.RolloutService;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Database;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.UserStore;

/**
 * The installer API's services wired to one database; creating it also creates the first administrator
 * when there are no users.
 */
public final class CloudApi {

    private final Authenticator authenticator;
    private final OrganisationService organisations;
    private final UserService users;
    private final ClaimService claims;
    private final DeviceService devices;
    private final AuditService audit;
    private final DeviceStore deviceStore;
    private final Optional<RolloutService> rollouts;
    private final FirmwareService firmware;
    private final Optional<CallHistoryService> calls;
    private final Optional<CallDirectoryService> callDirectory;

    private CloudApi(Database db, CloudApiConfig config) {
        var clock = config.clock();
        var organisationStore = new OrganisationStore(db, clock);
        var userStore = new UserStore(db, clock);
        var auditLog = new AuditLog(db, clock);
        var hasher = new PasswordHasher(config.passwordIterations());
        var tokens = TokenService.withSecretFile(config.dataDir().resolve("jwt.secret"), config.tokenLifetime(), clock);
        var validator = new ConfigurationValidator();
        this.deviceStore = new DeviceStore(db, clock);
        this.authenticator = new Authenticator(userStore, organisationStore, hasher, tokens, auditLog);
        this.organisations = new OrganisationService(organisationStore, auditLog);
        this.users = new UserService(userStore, organisationStore, hasher, auditLog);
        this.claims = new ClaimService(deviceStore, organisationStore, auditLog, validator, config.listener(), clock,
                config.claimLifetime());
        this.devices = new DeviceService(deviceStore, organisationStore, auditLog, validator, config.listener(),
                config.commands(), clock);
        this.audit = new AuditService(auditLog);
        this.rollouts = config.rollouts();
        this.calls = config.calls();
        this.callDirectory = config.callDirectory()
                .map(store -> new CallDirectoryService(store, organisationStore, auditLog, config.listener()));
        this.firmware = config.firmware() == null ? null : new FirmwareService(config.firmware());
        AdminBootstrap.ensureAdmin(userStore, hasher, config.dataDir(), config.initialAdminPassword());
    }

    /** The services on {@code db}, with the first administrator created if needed. */
    public static CloudApi create(Database db, CloudApiConfig config) {
        return new CloudApi(db, config);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public OrganisationService organisations() {
        return organisations;
    }

    public UserService users() {
        return users;
    }

    public ClaimService claims() {
        return claims;
    }

    public DeviceService devices() {
        return devices;
    }

    public AuditService audit() {
        return audit;
    }

    /** Rollouts, policies, windows and current releases, when cloud-lite has a firmware catalog. */
    public Optional<RolloutService> rollouts() {
        return rollouts;
    }

    /** The firmware repository's API, when cloud-lite runs one. */
    public java.util.Optional<FirmwareService> firmware() {
        return java.util.Optional.ofNullable(firmware);
    }

    /** The call history, when the relay records calls. */
    public Optional<CallHistoryService> calls() {
        return calls;
    }

    /** The relay's SIP users, rules and ring groups, when cloud-lite keeps a call directory. */
    public Optional<CallDirectoryService> callDirectory() {
        return callDirectory;
    }

    /** The device repository, for the device endpoint (pending claims, enrolment, presence). */
    public DeviceStore deviceStore() {
        return deviceStore;
    }
}
