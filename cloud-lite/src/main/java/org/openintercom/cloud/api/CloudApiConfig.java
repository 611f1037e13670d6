package org.openintercom.cloud.api;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.calls.directory.CallDirectoryStore;
import org.openintercom.cloud.firmware.FirmwareRepository;
import org.openintercom.cloud.auth.TokenService;
import org.openintercom.cloud.rollout.RolloutService;

/**
 * How the installer API services behave: data directory (token secret, generated admin password),
 * lifetimes of claims and tokens, the initial admin password, password hashing cost and the lifecycle
 * listener.
 */
public final class CloudApiConfig {

    private final Path dataDir;
    private final Clock clock;
    private final Duration claimLifetime;
    private final Duration tokenLifetime;
    private final String initialAdminPassword;
    private final int passwordIterations;
    private final DeviceLifecycleListener listener;
    private final DeviceCommands commands;
    private final RolloutService rollouts;
    private final FirmwareRepository firmware;
    private final CallHistoryService calls;
    private final CallDirectoryStore callDirectory;

    private CloudApiConfig(Builder b) {
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir must be set");
        this.clock = b.clock;
        this.claimLifetime = positive("claimLifetime", b.claimLifetime);
        this.tokenLifetime = positive("tokenLifetime", b.tokenLifetime);
        this.initialAdminPassword = b.initialAdminPassword;
        this.passwordIterations = b.passwordIterations;
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.commands = Objects.requireNonNull(b.commands, "commands");
        this.rollouts = b.rollouts;
        this.firmware = b.firmware;
        this.calls = b.calls;
        this.callDirectory = b.callDirectory;
        if (passwordIterations < PasswordHasher.MIN_ITERATIONS) {
            throw new IllegalArgumentException("passwordIterations must be at least " + PasswordHasher.MIN_ITERATIONS);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Holds {@code jwt.secret} and, on first start, {@code admin-password}. */
    public Path dataDir() {
        return dataDir;
    }

    public Clock clock() {
        return clock;
    }

    /** How long a claim waits for the device to enrol (default 7 days). */
    public Duration claimLifetime() {
        return claimLifetime;
    }

    /** How long a session token is accepted (default 8 hours). */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** The password of the first {@code admin}, or null for a random one written to the data directory. */
    public String initialAdminPassword() {
        return initialAdminPassword;
    }

    /** PBKDF2 iterations of new password hashes. */
    public int passwordIterations() {
        return passwordIterations;
    }

    /** Told about unclaims and configuration changes. */
    /** How commands reach devices. */
    public DeviceCommands commands() {
        return commands;
    }

    public DeviceLifecycleListener listener() {
        return listener;
    }

    /** Rollouts, policies, windows and current releases; empty: those endpoints answer 503. */
    public Optional<RolloutService> rollouts() {
        return Optional.ofNullable(rollouts);
    }

    /** The firmware repository served under {@code /api/v1/firmware}, or null for none. */
    public FirmwareRepository firmware() {
        return firmware;
    }

    /** The call history served under {@code /api/v1/calls}; empty: those routes do not exist. */
    public Optional<CallHistoryService> calls() {
        return Optional.ofNullable(calls);
    }

    /** The SIP users, rules and ring groups served under {@code /api/v1/sites/{id}/...}; empty: no such routes. */
    public Optional<CallDirectoryStore> callDirectory() {
        return Optional.ofNullable(callDirectory);
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /** Builds a {@link CloudApiConfig}. */
    public static final class Builder {
        private DeviceCommands commands = DeviceCommands.NONE;
        private Path dataDir;
        private Clock clock = Clock.systemUTC();
        private Duration claimLifetime = ClaimService.DEFAULT_CLAIM_LIFETIME;
        private Duration tokenLifetime = TokenService.DEFAULT_LIFETIME;
        private String initialAdminPassword;
        private int passwordIterations = PasswordHasher.DEFAULT_ITERATIONS;
        private DeviceLifecycleListener listener = DeviceLifecycleListener.NONE;
        private RolloutService rollouts;
        private FirmwareRepository firmware;
        private CallHistoryService calls;
        private CallDirectoryStore callDirectory;

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder claimLifetime(Duration claimLifetime) {
            this.claimLifetime = claimLifetime;
            return this;
        }

        public Builder tokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        public Builder initialAdminPassword(String initialAdminPassword) {
            this.initialAdminPassword = initialAdminPassword;
            return this;
        }

        public Builder passwordIterations(int passwordIterations) {
            this.passwordIterations = passwordIterations;
            return this;
        }

        public Builder listener(DeviceLifecycleListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder commands(DeviceCommands commands) {
            this.commands = commands;
            return this;
        }

        public Builder rollouts(RolloutService rollouts) {
            this.rollouts = rollouts;
            return this;
        }

        /** Serves this firmware repository under {@code /api/v1/firmware}. */
        public Builder firmware(FirmwareRepository firmware) {
            this.firmware = firmware;
            return this;
        }

        /** Serves this call history under {@code /api/v1/calls}. */
        public Builder calls(CallHistoryService calls) {
            this.calls = calls;
            return this;
        }

        /** Serves this call directory's SIP users, rules and ring groups under {@code /api/v1/sites/{id}/...}. */
        public Builder callDirectory(CallDirectoryStore callDirectory) {
            this.callDirectory = callDirectory;
            return this;
        }

        public CloudApiConfig build() {
            return new CloudApiConfig(this);
        }
    }
}
