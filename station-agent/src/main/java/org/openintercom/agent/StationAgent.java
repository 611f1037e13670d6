package org.openintercom.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openintercom.agent.call.CallController;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.calllog.CallLog;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.DoorSettings;
import org.openintercom.agent.config.StationCondition;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.door.DoorMonitor;
import org.openintercom.agent.door.DoorOpener;
import org.openintercom.agent.door.OutputDriver;
import org.openintercom.agent.event.EventPublisher;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.event.StationListener;
import org.openintercom.agent.mesh.CachedCrl;
import org.openintercom.agent.mesh.CloudLink;
import org.openintercom.agent.mesh.LinkMode;
import org.openintercom.agent.mesh.MeshEndpoint;
import org.openintercom.agent.mesh.MeshFailover;
import org.openintercom.agent.mesh.MeshInterface;
import org.openintercom.agent.mesh.MeshPeers;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.FallbackCallEngine;
import org.openintercom.agent.sip.ForkingCallEngine;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.sip.SwappableCallEngine;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.sip.RoutingCallEngine;
import org.openintercom.hal.StationHardware;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.camera.Camera;
import org.openintercom.hal.camera.Snapshot;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.DigitalOutput;
import org.openintercom.hal.io.DoorRelay;
import org.openintercom.hal.io.InputChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running station: connects its hardware (buttons, inputs, relay, outputs, camera) to its calls
 * ({@link CallController} over a {@link CallEngine}), door logic, call log and event journal. All station state
 * lives on one agent thread; the public methods may be called from any thread.
 */
public final class StationAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StationAgent.class);
    /** How often a mesh engine that could not start is tried again. */
    private static final Duration MESH_RETRY = Duration.ofSeconds(30);

    private volatile StationConfig config;
    private final StationHardware hardware;
    /** The main engine: the relay, the station's own SIP settings. */
    private final SwappableCallEngine engine;
    /** The main engine and, while the mesh runs, the mesh engine. */
    private final RoutingCallEngine routing;
    /** What the call controller dials through: rings several targets at once for mesh calls. */
    private final ForkingCallEngine forking;
    /** What the call controller dials through: gives a call the relay does not answer up for the mesh. */
    private final FallbackCallEngine fallback;
    private final EngineFactory engines;
    private final MeshEngines meshEngines;
    /** The identity the engine in use was made with, and the one wanted (they differ while a swap waits). */
    private Optional<SipIdentity> sipIdentity = Optional.empty();
    private volatile Optional<SipIdentity> wantedIdentity = Optional.empty();
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final ExecutorService snapshots;
    private final CallLog callLog;
    private final EventPublisher events;
    private final OutputDriver outputs;
    private final DoorOpener door;
    private final DoorMonitor doorMonitor;
    private final CallController calls;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile boolean started;
    private volatile MeshFailover mesh;

    private StationAgent(Builder b) {
        this.config = b.config;
        this.hardware = b.hardware;
        this.engine = new SwappableCallEngine(b.engine);
        this.routing = new RoutingCallEngine(engine);
        this.forking = new ForkingCallEngine(routing);
        this.fallback = new FallbackCallEngine(forking);
        this.engines = b.engines;
        this.meshEngines = new MeshEngines(config.id(), routing, b.meshEngines);
        this.clock = b.clock;
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir.resolve("snapshots"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the station's data folder " + dataDir + ": "
                    + e.getMessage(), e);
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-" + config.id()));
        this.snapshots = Executors.newSingleThreadExecutor(r -> daemon(r, "snapshot-" + config.id()));
        this.callLog = CallLog.open(dataDir.resolve("calls.jsonl"), clock);
        this.events = new EventPublisher(config.id(), dataDir.resolve("events.jsonl"), clock);
        Map<DigitalOutput, Set<StationCondition>> rules = new LinkedHashMap<>();
        config.outputs().forEach((id, when) -> rules.put(hardware.output(id), when));
        this.outputs = new OutputDriver(rules);
        Optional<DoorRelay> relay = config.door().relay().isEmpty() ? Optional.empty()
                : Optional.of(hardware.relay(config.door().relay()));
        this.door = new DoorOpener(relay, events, callLog);
        this.doorMonitor = new DoorMonitor(config.door().openTooLong(), events, outputs, loop);
        this.calls = new CallController(config.calls(), fallback, callLog, events, loop, clock, door,
                config.door().dtmfCode(), outputs, this::takeSnapshot);
    }

    public static Builder builder(StationConfig config) {
        return new Builder(config);
    }

    /** Starts the call engine and listens to the hardware; returns when the station is ready for calls. */
    public StationAgent start() {
        long t0 = System.nanoTime();
        // the action is looked up at each press: the cloud may reassign buttons while the station runs
        hardware.buttons().forEach((id, button) -> subscriptions.add(button.onPress(press -> loop.execute(() -> {
            ButtonAction action = config.buttons().get(id);
            if (action != null) {
                onButton(press, action);
            }
        }))));
        for (DigitalInput input : hardware.inputs().values()) {
            subscriptions.add(input.onChange(change -> loop.execute(() -> onInput(change))));
        }
        hardware.relays().forEach((id, relay) -> subscriptions.add(relay.onChange(change -> loop.execute(() -> {
            if (id.equals(config.door().relay())) {
                outputs.set(StationCondition.DOOR_UNLOCKED, change.on());
            }
            events.publish(StationEvent.Type.OUTPUT_CHANGED, null, id + (change.on() ? " on" : " off"));
        }))));
        hardware.outputs().forEach((id, output) -> subscriptions.add(output.onChange(change -> loop.execute(() ->
                events.publish(StationEvent.Type.OUTPUT_CHANGED, null, id + (change.on() ? " on" : " off"))))));
        fallback.start(new EngineEvents(config.id(), calls));
        started = true;
        LOG.info("station {} ({} {}) ready in {} ms at {}", config.id(), config.model().id(), config.name(),
                (System.nanoTime() - t0) / 1_000_000, engine.contacts());
        return this;
    }

    public StationConfig config() {
        return config;
    }

    /**
     * Makes a station's call engine, with or without its cloud identity (see {@link #useSipIdentity}), to replace
     * {@code current} (whose bound ports it keeps, so peers that know them still reach the station).
     */
    @FunctionalInterface
    public interface EngineFactory {
        CallEngine create(Optional<SipIdentity> identity, CallEngine current);
    }

    /**
     * Makes a station's mesh call engine: SIP over TLS only, bound to the mesh interface's address {@code on} (an IPv6
     * link-local address with its scope) at {@code port} (0: a free one), showing the device certificate of
     * {@code identity} and requiring the caller's, under the identity's trust anchors. Not started yet.
     */
    @FunctionalInterface
    public interface MeshEngineFactory {
        CallEngine create(SipIdentity identity, MeshInterface on, int port);
    }

    /**
     * From now on the station calls with {@code identity} (its device certificate over TLS, registered with the
     * cloud's relay), or again as its own file says when empty. The call engine is rebuilt as soon as no call is
     * live; a station built without an {@link EngineFactory} keeps its engine.
     */
    public void useSipIdentity(Optional<SipIdentity> identity) {
        if (engines == null) {
            LOG.debug("station {}: no engine factory, the SIP identity stays as it is", config.id());
            return;
        }
        wantedIdentity = identity;
        loop.execute(this::swapEngineWhenIdle);
    }

    /** The device id the station calls as with its device certificate, once it does. */
    public Optional<String> sipIdentityUser() {
        return onLoop(() -> sipIdentity.map(SipIdentity::user));
    }

    private void swapEngineWhenIdle() {
        Optional<SipIdentity> wanted = wantedIdentity;
        if (!started || wanted.equals(sipIdentity)) {
            return;
        }
        if (calls.current().isPresent()) {
            loop.schedule(this::swapEngineWhenIdle, 1, TimeUnit.SECONDS);
            return;
        }
        Optional<SipIdentity> previous = sipIdentity;
        try {
            CallEngine current = engine.current();
            engine.swap(engines.create(wanted, current), () -> engines.create(previous, current));
            sipIdentity = wanted;
            // no call is live: the mesh engine may be replaced as well
            followMesh();
            LOG.info("station {} now uses {} at {}", config.id(), wanted.map(i -> "its device certificate ("
                    + i.user() + ")" + i.registrar().map(r -> ", relay " + r).orElse("")).orElse("its own SIP settings"),
                    engine.contacts() + (routing.meshContacts().isEmpty() ? ""
                            : "; mesh calls at " + routing.meshContacts()));
        } catch (RuntimeException e) {
            LOG.warn("station {}: cannot switch its call engine ({}); trying again in 10 s", config.id(),
                    e.getMessage());
            loop.schedule(this::swapEngineWhenIdle, 10, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs the mesh engine for the identity in use (or none) and (re)starts discovery announcing it. A mesh engine
     * that cannot start (no link-local address yet, its port taken) is tried again every {@link #MESH_RETRY} while the
     * identity stays. Agent thread, when no call is live or no mesh engine runs.
     */
    private void followMesh() {
        MeshFailover m = mesh;
        if (m == null) {
            return;
        }
        Optional<SipIdentity> identity = sipIdentity;
        Optional<MeshEndpoint> endpoint = meshEngines.follow(identity, m.settings());
        m.identityChanged(identity, endpoint);
        if (endpoint.isEmpty() && identity.isPresent() && m.settings().isPresent() && !loop.isShutdown()) {
            loop.schedule(() -> retryMesh(identity), MESH_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retryMesh(Optional<SipIdentity> identity) {
        MeshFailover m = mesh;
        if (m == null || !identity.equals(sipIdentity) || routing.mesh().isPresent() || loop.isShutdown()) {
            return; // the identity changed since (its own attempt follows), or an engine runs
        }
        Optional<MeshEndpoint> endpoint = meshEngines.follow(identity, m.settings());
        if (endpoint.isPresent()) {
            m.identityChanged(identity, endpoint);
        } else {
            loop.schedule(() -> retryMesh(identity), MESH_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Switches to {@code next} while running. Only what the cloud manages may differ from the current
     * configuration: the name, the button actions, the door's pulse time and DTMF code, and the output rules
     * (an output or button the hardware does not have is refused). A call in progress keeps going; the new
     * door code applies from the next call.
     *
     * @throws IllegalArgumentException naming the first thing that cannot change at run time
     */
    public void reconfigure(StationConfig next) {
        requireRuntimeChangeOnly(config, next);
        Objects.requireNonNull(next.door().pulse(), "door pulse");
        onLoop(() -> {
            Map<DigitalOutput, Set<StationCondition>> rules = new LinkedHashMap<>();
            next.outputs().forEach((id, when) -> rules.put(hardware.output(id), when));
            outputs.setRules(rules);
            door.setPulse(next.door().pulse());
            calls.setDoorCode(next.door().dtmfCode());
            config = next;
            LOG.info("station {} reconfigured", next.id());
            return null;
        });
    }

    private void requireRuntimeChangeOnly(StationConfig now, StationConfig next) {
        StationConfig managedOnly = now.toBuilder().name(next.name()).clearButtons().buttons(next.buttons())
                .door(new DoorSettings(now.door().relay(), now.door().mode(), next.door().pulse(),
                        next.door().dtmfCode(), now.door().openTooLong()))
                .clearOutputs().outputs(next.outputs()).build();
        next.buttons().keySet().forEach(hardware::button);
        next.outputs().keySet().forEach(hardware::output);
        if (!managedOnly.equals(next)) {
            throw new IllegalArgumentException("only the name, buttons, door pulse and code, and outputs of station "
                    + now.id() + " can change while it runs");
        }
    }

    /**
     * Connects the station to its cloud for failover: from now on it watches the cloud link, runs the mesh (when its
     * file has a {@code mesh:} block) while it holds its cloud identity, and rings over the mesh while the cloud is
     * unreachable. Called once, by the cloud connector.
     */
    public void attachCloud(CloudLink cloud) {
        onLoop(() -> {
            if (mesh != null) {
                throw new IllegalStateException("a cloud is attached already");
            }
            mesh = MeshFailover.builder()
                    .station(new MeshFailover.Station(config.id(), config.name(), config.model().id()))
                    .settings(config.mesh()).cloud(cloud).calls(calls, forking, routing::dialMesh)
                    .relayFallback(fallback)
                    .registration(engine::registration)
                    .callLog(callLog).events(events).loop(loop).clock(clock)
                    .revocations(CachedCrl.in(config.dataDir())).build();
            if (sipIdentity.isPresent()) {
                followMesh(); // no mesh engine runs yet: starting one disturbs no call
            }
            return null;
        });
    }

    /** Where calls go now: {@link LinkMode#STANDALONE} without a cloud. */
    public LinkMode linkMode() {
        MeshFailover m = mesh;
        return m == null ? LinkMode.STANDALONE : m.mode();
    }

    /**
     * Holds where calls go at {@code mode} whatever the cloud link says, or lets the link decide again when empty
     * (tests, a technician); needs an attached cloud.
     */
    public void forceLinkMode(Optional<LinkMode> mode) {
        MeshFailover m = mesh;
        if (m == null) {
            throw new IllegalStateException("station " + config.id() + " has no cloud: it is standalone");
        }
        m.force(mode);
    }

    /** The stations this station sees on the mesh (none without a running mesh). */
    public MeshPeers meshPeers() {
        MeshFailover m = mesh;
        return m == null ? new MeshPeers(Map.of()) : m.peers();
    }

    public StationHardware hardware() {
        return hardware;
    }

    /** Where this station can be called, one SIP URI per transport (its main engine). */
    public List<String> contacts() {
        return engine.contacts();
    }

    /**
     * Where the station's mesh call engine listens ({@code sips:...;transport=tls} at the mesh interface's address),
     * empty while no mesh engine runs (not claimed, no {@code mesh:} block, no mesh interface).
     */
    /**
     * Registers with the relay again now rather than at the next refresh: called when the cloud channel comes back,
     * since a restarted relay has forgotten its registrations and would answer calls to this station 480 until then.
     */
    public void refreshRegistration() {
        engine.refreshRegistration();
    }

    public List<String> meshContacts() {
        return routing.meshContacts();
    }

    public CallLog callLog() {
        return callLog;
    }

    /** The station's main call engine (the relay, its own SIP settings); mesh calls use {@link #meshContacts()}'s. */
    public CallEngine engine() {
        return engine;
    }

    public void addListener(StationListener listener) {
        events.addListener(listener);
    }

    public void removeListener(StationListener listener) {
        events.removeListener(listener);
    }

    /** Persistent events kept in the station's journal, oldest first. */
    public List<StationEvent> eventHistory() {
        return events.history();
    }

    /** Whether a call is live (ringing, calling or connected): firmware is never installed then. */
    public boolean callInProgress() {
        return currentCall().isPresent();
    }

    /** Where the station's registration stands (UNREGISTERED with "no registrar configured" without one). */
    public RegistrationStatus registration() {
        return engine.registration();
    }

    /** Whether the SIP stack is up: started and listening on at least one transport. */
    public boolean sipReady() {
        return started && !engine.contacts().isEmpty();
    }

    /** The live call, if any. */
    public Optional<CallStatus> currentCall() {
        return onLoop(calls::current);
    }

    /** Places a call as if a call button targeting {@code target} were pressed; empty if a call is live. */
    public Optional<String> dial(String target) {
        return onLoop(() -> calls.dial("", target));
    }

    /** Answers the ringing call or hangs up the connected one. */
    public void answerOrHangup() {
        loop.execute(calls::answerOrHangup);
    }

    public void hangup() {
        loop.execute(calls::hangup);
    }

    /** Sends DTMF digits to the other side of the connected call; false when no call is connected. */
    public boolean sendDtmf(String digits) {
        return onLoop(() -> calls.sendDtmf(digits));
    }

    /** Opens the door on command ({@code how} = "remote", "button"...); false without a door relay. */
    public boolean openDoor(String how) {
        return onLoop(() -> door.open(how, calls.current().map(CallStatus::callId).orElse(null)));
    }

    /**
     * Buttons act when the press is recognised (DOWN), as on real door stations; a LONG press ends a connected
     * call (a visitor who is done); the SHORT on release needs nothing more.
     */
    private void onButton(ButtonPress press, ButtonAction action) {
        if (press.kind() == ButtonPress.Kind.LONG) {
            if (calls.current().map(c -> c.state() == org.openintercom.agent.call.CallState.CONNECTED)
                    .orElse(false)) {
                calls.hangup();
            }
            return;
        }
        if (press.kind() != ButtonPress.Kind.DOWN) {
            return;
        }
        switch (action.kind()) {
            case CALL -> {
                String target = action.argument().orElseThrow();
                MeshFailover m = mesh;
                if (m == null || !m.onCallButton(press.buttonId(), target)) {
                    calls.dial(press.buttonId(), target);
                }
            }
            case ANSWER -> calls.answerOrHangup();
            case HANGUP -> calls.hangup();
            case OPEN_DOOR -> door.open("button", calls.current().map(CallStatus::callId).orElse(null));
            case SEND_DTMF -> {
                if (!calls.sendDtmf(action.argument().orElseThrow())) {
                    LOG.debug("button {} sends DTMF only during a connected call", press.buttonId());
                }
            }
        }
    }

    private void onInput(InputChange change) {
        switch (change.role()) {
            case DOOR_CONTACT -> doorMonitor.onContact(change);
            case TAMPER -> {
                outputs.set(StationCondition.TAMPER, change.active());
                events.publish(change.active() ? StationEvent.Type.TAMPER : StationEvent.Type.TAMPER_CLEARED, null,
                        change.inputId());
            }
            case REQUEST_TO_EXIT -> {
                if (change.active()) {
                    door.open("request-to-exit", calls.current().map(CallStatus::callId).orElse(null));
                }
            }
            case GENERIC -> events.publish(StationEvent.Type.INPUT_CHANGED, null,
                    change.inputId() + (change.active() ? " active" : " inactive"));
        }
    }

    /** Takes a picture now (a remote "take snapshot" command); empty when the station has no camera. */
    public Optional<Snapshot> snapshot() {
        return hardware.camera().map(Camera::snapshot);
    }

    /** Takes the caller snapshot off the agent thread (a real camera takes a while) and files it with the call. */
    private void takeSnapshot(String callId) {
        hardware.camera().ifPresent(camera -> snapshots.execute(() -> {
            try {
                Snapshot snapshot = camera.snapshot();
                Path file = config.dataDir().resolve("snapshots").resolve(callId + ".jpg");
                Files.write(file, snapshot.jpeg());
                loop.execute(() -> {
                    callLog.snapshot(callId, file);
                    events.publish(StationEvent.Type.SNAPSHOT_TAKEN, callId, file.toString());
                });
            } catch (IOException | RuntimeException e) {
                LOG.warn("station {}: caller snapshot for call {} failed: {}", config.id(), callId, e.getMessage());
            }
        }));
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for station " + config.id(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("station " + config.id() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("station " + config.id() + " did not answer within 10 s (agent thread busy)");
        }
    }

    /** Hangs up a live call, stops the engine and releases hardware and files. */
    @Override
    public void close() {
        if (started) {
            try {
                onLoop(() -> {
                    calls.hangup();
                    return null;
                });
            } catch (IllegalStateException e) {
                LOG.debug("hangup on close", e);
            }
        }
        subscriptions.forEach(Subscription::cancel);
        MeshFailover m = mesh;
        if (m != null) {
            m.close();
        }
        routing.close(); // the mesh engine, then the main one
        snapshots.shutdown();
        loop.shutdown();
        try {
            snapshots.awaitTermination(5, TimeUnit.SECONDS);
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hardware.close();
        callLog.close();
        events.close();
        LOG.info("station {} stopped", config.id());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Builds a {@link StationAgent} from its config, its hardware and a call engine. */
    public static final class Builder {
        private final StationConfig config;
        private StationHardware hardware;
        private CallEngine engine;
        private EngineFactory engines;
        private MeshEngineFactory meshEngines;
        private Clock clock = Clock.systemUTC();

        private Builder(StationConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder hardware(StationHardware hardware) {
            this.hardware = hardware;
            return this;
        }

        public Builder callEngine(CallEngine engine) {
            this.engine = engine;
            return this;
        }

        /** Makes the engine again when the station's SIP identity changes (enrolled, renewed, unclaimed). */
        public Builder engineFactory(EngineFactory engines) {
            this.engines = engines;
            return this;
        }

        /** Makes the mesh call engine while the station runs a mesh (none: the station runs no mesh engine). */
        public Builder meshEngineFactory(MeshEngineFactory meshEngines) {
            this.meshEngines = meshEngines;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public StationAgent build() {
            Objects.requireNonNull(hardware, "hardware");
            Objects.requireNonNull(engine, "callEngine");
            return new StationAgent(this);
        }
    }

}
