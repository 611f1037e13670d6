package org.openintercom.agent.cloud;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.provisioning.channel.ChannelFormatException;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.Command;
import org.openintercom.provisioning.channel.CommandAck;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.DeviceEvent;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.channel.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the station does with the device channel: applies desired configuration (never over a local change the
 * cloud has not seen), carries out commands once each, and forwards its events. Transport-free: messages come
 * in through {@link #onMessage} and go out through a {@link Publisher}.
 */
public final class CloudSync implements DeviceChannel.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(CloudSync.class);
    private static final int REMEMBERED_COMMANDS = 200;

    /** Sends a message on one of the device's own topics. */
    @FunctionalInterface
    public interface Publisher {
        void publish(Topics.Leaf leaf, Object message, boolean retained);
    }

    private final StationAgent agent;
    private final StationConfig base;
    private final Path stateFile;
    private final Path planFile;
    private final Publisher out;
    private final Clock clock;
    private final Runnable reboot;
    private final Supplier<Instant> certificateExpires;
    private final String firmware;
    private volatile Supplier<Optional<String>> relay = Optional::empty;
    private final Map<String, CommandAck> done = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommandAck> eldest) {
            return size() > REMEMBERED_COMMANDS;
        }
    };
    private ConfigState state;
    private volatile MeshFallbackPlan plan;

    /**
     * @param base the station's configuration from its own file (the managed part is laid over it)
     * @param reboot what REBOOT does once it is acknowledged
     */
    public CloudSync(StationAgent agent, StationConfig base, Path stateFile, Publisher out, Clock clock,
            Runnable reboot, Supplier<Instant> certificateExpires, String firmware) {
        this.agent = agent;
        this.base = base;
        this.stateFile = stateFile;
        this.out = out;
        this.clock = clock;
        this.reboot = reboot;
        this.certificateExpires = certificateExpires;
        this.firmware = firmware;
        this.state = ConfigState.load(stateFile);
        this.planFile = stateFile.resolveSibling(MeshFallbackPlan.FILE_NAME);
        this.plan = loadPlan(planFile);
    }

    private static MeshFallbackPlan loadPlan(Path file) {
        try {
            return MeshFallbackPlan.load(file);
        } catch (RuntimeException e) {
            LOG.warn("the mesh fallback plan {} is unreadable ({}); none until the cloud sends one", file,
                    e.getMessage());
            return MeshFallbackPlan.NONE;
        }
    }

    /** The mesh fallback plan: which local stations each button rings while the cloud is unreachable. */
    public MeshFallbackPlan fallbackPlan() {
        return plan;
    }

    /** Where the cloud's call relay is ({@code sip:host:port;transport=tls}), for buttons that ring a relay name. */
    void relay(Supplier<Optional<String>> relay) {
        this.relay = relay;
    }

    private StationConfig overlay(DeviceConfiguration managed) {
        return ManagedConfig.overlay(base, managed, relay.get());
    }

    /** Applies the managed configuration kept on disk (at start, before the cloud is reachable). */
    public void restore() {
        if (state.appliedVersion() > 0 || state.localRevision() > 0) {
            try {
                agent.reconfigure(overlay(state.configuration()));
            } catch (RuntimeException e) {
                LOG.warn("station {}: stored managed configuration v{} no longer fits: {}", agent.config().id(),
                        state.appliedVersion(), e.getMessage());
            }
        }
    }

    synchronized ConfigState state() {
        return state;
    }

    /** The cloud configuration version this station runs (0: none yet). */
    public synchronized long appliedVersion() {
        return state.appliedVersion();
    }

    /** How many changes were made on site (the local revision). */
    public synchronized long localRevision() {
        return state.localRevision();
    }

    @Override
    public void onConnected(boolean sessionPresent) {
        out.publish(Topics.Leaf.STATUS, DeviceStatus.online(clock.instant(), agent.config().model().id(), firmware,
                certificateExpires.get()), true);
        report(ReportedConfiguration.Outcome.UNCHANGED, Optional.empty(), Optional.empty());
    }

    @Override
    public void onMessage(Topics.Leaf leaf, byte[] payload) {
        switch (leaf) {
            case DESIRED -> {
                if (payload.length == 0) {
                    return; // a cleared retained message
                }
                try {
                    onDesired(ChannelJson.decode(payload, DesiredConfiguration.class));
                } catch (ChannelFormatException e) {
                    LOG.warn("station {}: unreadable desired configuration: {}", agent.config().id(), e.getMessage());
                    report(ReportedConfiguration.Outcome.REJECTED, Optional.empty(), Optional.of(e.getMessage()));
                }
            }
            case COMMAND -> {
                try {
                    onCommand(ChannelJson.decode(payload, Command.class));
                } catch (ChannelFormatException e) {
                    LOG.warn("station {}: unreadable command: {}", agent.config().id(), e.getMessage());
                }
            }
            default -> LOG.debug("station {}: ignoring {} (not for devices)", agent.config().id(), leaf);
        }
    }

    /**
     * Forgets the managed configuration (the station was unclaimed): back to the station's own file, version 0,
     * no local revisions, so a new owner starts from a clean slate (an old door code does not stay behind).
     */
    public synchronized void reset() {
        agent.reconfigure(base);
        state = ConfigState.initial();
        state.save(stateFile);
        plan = MeshFallbackPlan.NONE;
        plan.save(planFile);
        done.clear();
    }

    /** Applies a desired configuration, or reports why not. */
    public synchronized void onDesired(DesiredConfiguration desired) {
        if (desired.version() <= state.appliedVersion()) {
            LOG.debug("desired v{} already applied", desired.version());
            takePlan(desired);
            report(ReportedConfiguration.Outcome.APPLIED, Optional.of(desired.version()), Optional.empty());
            return;
        }
        if (desired.basedOnLocalRevision() < state.localRevision()) {
            String why = "local revision " + state.localRevision() + " has changes the cloud has not seen (v"
                    + desired.version() + " is based on revision " + desired.basedOnLocalRevision() + ")";
            LOG.warn("station {}: desired configuration v{} not applied: {}", agent.config().id(), desired.version(), why);
            report(ReportedConfiguration.Outcome.CONFLICT, Optional.of(desired.version()), Optional.of(why));
            return;
        }
        try {
            agent.reconfigure(overlay(desired.configuration()));
        } catch (RuntimeException e) {
            LOG.warn("station {}: desired configuration v{} refused: {}", agent.config().id(), desired.version(),
                    e.getMessage());
            report(ReportedConfiguration.Outcome.REJECTED, Optional.of(desired.version()), Optional.of(e.getMessage()));
            return;
        }
        state = new ConfigState(desired.version(), state.localRevision(), desired.configuration());
        state.save(stateFile);
        LOG.info("station {} applied configuration v{}", agent.config().id(), desired.version());
        takePlan(desired);
        report(ReportedConfiguration.Outcome.APPLIED, Optional.of(desired.version()), Optional.empty());
    }

    /**
     * Keeps the fallback plan that came with a configuration this station runs, if it is newer than the one it
     * has (the cloud sends the same configuration version again with a newer plan when its directory changes).
     */
    private void takePlan(DesiredConfiguration desired) {
        desired.fallback().filter(p -> p.generation() > plan.generation()).ifPresent(p -> {
            MeshFallbackPlan newer = MeshFallbackPlan.of(p, clock.instant());
            newer.save(planFile);
            plan = newer;
            LOG.info("station {} keeps mesh fallback plan {} ({} buttons)", agent.config().id(), p.generation(),
                    p.buttons().size());
        });
    }

    /**
     * A change made on site (or by a command): applied, kept, and counted in the local revision so a desired
     * configuration that has not seen it is not applied over it.
     */
    public synchronized void applyLocalChange(DeviceConfiguration changed) {
        agent.reconfigure(overlay(changed));
        state = new ConfigState(state.appliedVersion(), state.localRevision() + 1, changed);
        state.save(stateFile);
        report(ReportedConfiguration.Outcome.UNCHANGED, Optional.empty(), Optional.of("local change"));
    }

    /** Carries out a command once (a redelivered command gets the same acknowledgement again). */
    public synchronized void onCommand(Command command) {
        CommandAck earlier = done.get(command.id());
        if (earlier != null) {
            out.publish(Topics.Leaf.ACK, earlier, false);
            return;
        }
        Instant now = clock.instant();
        CommandAck ack;
        if (command.expiresAt().isPresent() && now.isAfter(command.expiresAt().get())) {
            ack = CommandAck.of(command.id(), CommandAck.Outcome.EXPIRED, "expired at " + command.expiresAt().get(), now);
        } else {
            ack = execute(command, now);
        }
        done.put(command.id(), ack);
        LOG.info("station {}: command {} {} -> {}", agent.config().id(), command.id(), command.type(), ack.outcome());
        out.publish(Topics.Leaf.ACK, ack, false);
        if (command.type() == Command.Type.REBOOT && ack.outcome() == CommandAck.Outcome.DONE) {
            reboot.run();
        }
    }

    private CommandAck execute(Command command, Instant now) {
        try {
            return switch (command.type()) {
                case OPEN_DOOR -> agent.openDoor("remote")
                        ? CommandAck.of(command.id(), CommandAck.Outcome.DONE, null, now)
                        : CommandAck.of(command.id(), CommandAck.Outcome.FAILED, "this station has no door relay", now);
                case REBOOT -> CommandAck.of(command.id(), CommandAck.Outcome.DONE, "rebooting", now);
                case RENAME -> rename(command, now);
                case TAKE_SNAPSHOT -> agent.snapshot()
                        .map(s -> new CommandAck(command.id(), CommandAck.Outcome.DONE, Optional.empty(), now,
                                Optional.of(Base64.getEncoder().encodeToString(s.jpeg())), Optional.of("image/jpeg")))
                        .orElse(CommandAck.of(command.id(), CommandAck.Outcome.FAILED, "this station has no camera", now));
                case UNKNOWN -> CommandAck.of(command.id(), CommandAck.Outcome.REFUSED,
                        "this station does not know the command", now);
            };
        } catch (RuntimeException e) {
            return CommandAck.of(command.id(), CommandAck.Outcome.FAILED, e.getMessage(), now);
        }
    }

    private CommandAck rename(Command command, Instant now) {
        String name = command.arguments().get("name");
        if (name == null || name.isBlank() || name.length() > 64) {
            return CommandAck.of(command.id(), CommandAck.Outcome.REFUSED, "argument 'name' (1 to 64 characters) is required", now);
        }
        DeviceConfiguration c = state.configuration();
        applyLocalChange(new DeviceConfiguration(Optional.of(name), c.buttons(), c.door(), c.outputs()));
        return CommandAck.of(command.id(), CommandAck.Outcome.DONE, null, now);
    }

    /** Forwards a station event the cloud cares about. */
    public void onStationEvent(StationEvent e) {
        Optional<DeviceEvent.Type> type = switch (e.type()) {
            case CALL_STATE -> e.detail().startsWith("CALLING") || e.detail().startsWith("INCOMING")
                    ? Optional.of(DeviceEvent.Type.CALL_STARTED) : Optional.empty();
            case CALL_ENDED -> Optional.of(DeviceEvent.Type.CALL_ENDED);
            case DOOR_OPENED -> Optional.of(DeviceEvent.Type.DOOR_OPENED);
            case TAMPER -> Optional.of(DeviceEvent.Type.TAMPER);
            case DOOR_OPEN_TOO_LONG -> Optional.of(DeviceEvent.Type.DOOR_OPEN_TOO_LONG);
            default -> Optional.empty();
        };
        type.ifPresent(t -> {
            Map<String, String> details = new LinkedHashMap<>();
            if (e.callId() != null && !e.callId().isEmpty()) {
                details.put("callId", e.callId());
            }
            if (e.detail() != null && !e.detail().isEmpty()) {
                details.put("detail", e.detail());
            }
            out.publish(Topics.Leaf.EVENTS, new DeviceEvent(UUID.randomUUID().toString(), t, e.at(), details), false);
        });
    }

    private void report(ReportedConfiguration.Outcome outcome, Optional<Long> desiredVersion, Optional<String> detail) {
        ConfigState s = state;
        out.publish(Topics.Leaf.REPORTED, new ReportedConfiguration(s.appliedVersion(), s.localRevision(),
                s.configuration(), outcome, desiredVersion, detail, clock.instant()), true);
    }
}
