package org.openintercom.simulator;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.cloud.CloudConnector;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.cloud.CloudLite;
import org.openintercom.hal.audio.ToneAnalysis;
import org.openintercom.simulator.firmware.EmulatedImages;
import org.openintercom.simulator.firmware.SimReleases;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.Step;

/**
 * Plays a {@link Scenario}: starts its stations, performs each step on them and checks each expectation,
 * printing every station event and every step's result. Stops at the first failed step.
 */
public final class ScenarioRunner implements AutoCloseable {

    private static final Duration AUDIO_WINDOW = Duration.ofMillis(400);
    private static final Duration CONFIGURE_TIMEOUT = Duration.ofSeconds(60);
    /** Claims made at once (installers working in parallel). */
    private static final int INSTALLERS = 4;

    private final Scenario scenario;
    private final ConsolePrinter console;
    private final Map<String, SimStation> stations = new LinkedHashMap<>();
    private final Map<String, Integer> lastAction = new LinkedHashMap<>();
    private SimCloud cloud;
    private MeshSteps mesh;
    private volatile boolean closing;
    private SimReleases releases;
    /** The sites the installer made, by name. */
    private final Map<String, Long> siteIds = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> bundles = new LinkedHashMap<>();

    public ScenarioRunner(Scenario scenario, PrintStream out) {
        this.scenario = scenario;
        this.console = new ConsolePrinter(out, Instant.now());
    }

    /** Starts every station of the scenario; their events are printed from now on. */
    public ScenarioRunner start() {
        scenario.cloud().ifPresent(plan -> {
            cloud = new SimCloud(plan);
            for (var config : scenario.stations()) {
                if (plan.claims().containsKey(config.id())) {
                    cloud.manufacture(config);
                }
            }
            CloudLite c = cloud.start();
            console.line("cloud", "ready: installer API " + c.apiUri() + ", devices " + c.deviceApiUri() + ", MQTT "
                    + c.mqttUri());
        });
        for (var config : scenario.stations()) {
            SimStation station = new SimStation(config, console);
            stations.put(station.id(), station);
            station.agent.start();
            console.line(station.id(), "ready: " + config.model().id() + " '" + config.name() + "' at "
                    + String.join(", ", station.agent.contacts()));
            connect(station);
        }
        if (cloud != null) {
            claimAndConfigure();
        }
        mesh = new MeshSteps(cloud, this::station, console);
        return this;
    }

    /**
     * Starts the station's link to the cloud, if it has one. A reboot the station asks for (a REBOOT command, a
     * firmware update) is emulated as a power cycle: the station stops and starts again from its folders.
     */
    private void connect(SimStation station) {
        station.config.cloud().ifPresent(settings -> {
            station.cloud = CloudConnector.start(station.agent, station.config, settings, Clock.systemUTC(),
                    () -> Thread.ofPlatform().name("reboot-" + station.id()).start(() -> reboot(station)));
            station.cloud.onUpdateProgress(p -> console.line(station.id(), "firmware " + p.version() + ": "
                    + p.state() + (p.state() == org.openintercom.provisioning.channel.UpdateProgress.State.DOWNLOADING
                            ? " " + p.percent() + "%" : "")
                    + p.reason().map(r -> " (" + r + p.message().map(m -> ": " + m).orElse("") + ")").orElse("")));
        });
    }

    /** Power-cycles {@code old}: stops it, then starts a new agent and cloud link from the same config. */
    private void reboot(SimStation old) {
        String id = old.id();
        // a reboot may be asked for while the cloud link is still starting (a trial that fails its health check at
        // once): wait until the link is there, so that it is stopped with the rest
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (old.cloud == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (closing) {
            return;
        }
        console.line(id, "rebooting");
        old.close();
        SimStation fresh = new SimStation(old.config, console);
        synchronized (stations) {
            if (closing) {
                fresh.close();
                return;
            }
            stations.put(id, fresh);
        }
        fresh.agent.start();
        connect(fresh);
        console.line(id, "started again, running firmware "
                + fresh.cloud.updater().map(u -> u.runningVersion()).orElse("?"));
    }

    /** Cuts the station's power: its agent and cloud link stop; its folders stay (see {@link #powerOn}). */
    void powerOff(String id) {
        SimStation s = station(id);
        console.line(id, "power off");
        s.close();
    }

    /** Powers a station on again after {@link #powerOff}: a new agent and cloud link from the same folders. */
    SimStation powerOn(String id) {
        SimStation fresh = new SimStation(station(id).config, console);
        synchronized (stations) {
            stations.put(id, fresh);
        }
        fresh.agent.start();
        connect(fresh);
        console.line(id, "power on");
        return fresh;
    }

    /** Plays the installer: claims each station from its QR payload and waits until it runs the configuration. */
    private void claimAndConfigure() {
        CloudLite c = cloud.cloud();
        try (InstallerClient installer = InstallerClient.signIn(c.apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
            Map<String, Long> sites = siteIds;
            cloud.claims().values().forEach(claim -> sites.computeIfAbsent(claim.site(),
                    name -> installer.createSite("Simulation", "Demo", name, "Europe/Zurich")));
            // a crew of installers: a few claims at once, as on a large site
            try (var crew = java.util.concurrent.Executors.newFixedThreadPool(INSTALLERS,
                    Thread.ofVirtual().name("installer-", 0).factory())) {
                List<java.util.concurrent.Future<?>> claims = new java.util.ArrayList<>();
                cloud.claims().forEach((id, claim) -> claims.add(crew.submit(() -> {
                    SimStation s = station(id);
                    String qr = s.cloud.claimCode();
                    installer.claim(sites.get(claim.site()),
                            org.openintercom.provisioning.claim.ClaimCode.parse(qr).qrPayload(), s.config.name(),
                            claim.configuration());
                    console.line(id, "claimed by the installer into site '" + claim.site() + "' (code " + qr + ")");
                })));
                for (var claimed : claims) {
                    try {
                        claimed.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while claiming", e);
                    }
                }
            }
            long deadline = System.nanoTime() + CONFIGURE_TIMEOUT.toNanos();
            for (String id : cloud.claims().keySet()) {
                SimStation s = station(id);
                // configured (from the enrollment answer), and online: the cloud has its status (model, firmware),
                // which is what rollouts and the dashboard go by
                while (s.cloud.sync().appliedVersion() < 1 || c.api().deviceStore().find(s.cloud.deviceId())
                        .map(d -> d.model() == null).orElse(true)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("station " + id + " did not apply its cloud configuration and"
                                + " report its status within "
                                + CONFIGURE_TIMEOUT.toSeconds() + " s (cloud link: " + s.cloud.state()
                                + (s.cloud.lastRefusal().isEmpty() ? "" : ", refused: " + s.cloud.lastRefusal()) + ")");
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for " + id, e);
                    }
                }
                console.line(id, "enrolled as " + s.cloud.deviceId() + " and runs cloud configuration v"
                        + s.cloud.sync().appliedVersion());
            }
        }
    }

    /** Plays all steps; true when every one passed. */
    public boolean run() {
        int n = 0;
        for (Step step : scenario.steps()) {
            n++;
            String result;
            try {
                result = perform(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = "interrupted";
            } catch (RuntimeException e) {
                result = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (result == null) {
                console.line("step " + n, "ok    " + step.describe());
            } else {
                console.line("step " + n, "FAIL  " + step.describe() + ": " + result);
                return false;
            }
        }
        return true;
    }

    /** The scenario's cloud, once started. */
    public java.util.Optional<CloudLite> cloudLite() {
        return cloud == null || !cloud.running() ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(cloud.cloud());
    }

    public SimStation station(String id) {
        synchronized (stations) {
            return stations.get(id);
        }
    }

    /** The stations now (a station rebooted by an update is a new object under the same id). */
    public Map<String, SimStation> stations() {
        synchronized (stations) {
            return new LinkedHashMap<>(stations);
        }
    }

    private List<SimStation> snapshot() {
        synchronized (stations) {
            return List.copyOf(stations.values());
        }
    }

    /** Performs one step; null when it passed, else why it failed. */
    public String perform(Step step) throws InterruptedException {
        SimStation s = station(step.station());
        switch (step) {
            case Step.Press p -> {
                markAction(s);
                if (p.longPress()) {
                    s.hardware.emulatedButton(p.button()).longPress();
                } else {
                    s.hardware.emulatedButton(p.button()).press();
                }
                return null;
            }
            case Step.Answer a -> {
                markAction(s);
                s.agent.answerOrHangup();
                return null;
            }
            case Step.Hangup h -> {
                markAction(s);
                s.agent.hangup();
                return null;
            }
            case Step.Dtmf d -> {
                markAction(s);
                return s.agent.sendDtmf(d.digits()) ? null : "no connected call to send DTMF in";
            }
            case Step.OpenDoor o -> {
                markAction(s);
                return s.agent.openDoor("remote") ? null : "the station has no door relay";
            }
            case Step.DoorContact c -> {
                markAction(s);
                var contact = s.hardware.emulatedDoorContact();
                if (c.open()) {
                    contact.simulateOpen();
                } else {
                    contact.simulateClose();
                }
                return null;
            }
            case Step.Wait w -> {
                Thread.sleep(w.duration().toMillis());
                return null;
            }
            case Step.ExpectState e -> {
                return expectState(s, e);
            }
            case Step.ExpectEvent e -> {
                StationEvent.Type type = StationEvent.Type.valueOf(e.event().toUpperCase(Locale.ROOT).replace('-', '_'));
                boolean seen = s.events.await(lastAction.getOrDefault(s.id(), 0), ev -> ev.type() == type
                        && e.detail().map(d -> ev.detail().contains(d)).orElse(true), e.within());
                return seen ? null : "no " + e.event() + " within " + e.within().toMillis() + " ms";
            }
            case Step.ExpectAudio e -> {
                return expectAudio(s, e);
            }
            case Step.Release r -> {
                return release(r);
            }
            case Step.Rollout r -> {
                return rollout(r);
            }
            case Step.ExpectFirmware f -> {
                return expectFirmware(f);
            }
            case Step.RingGroup g -> {
                return ringGroup(g);
            }
            case Step.ExpectRegistered r -> {
                return expectRegistered(s, r);
            }
            case Step.ExpectCallRecord r -> {
                return expectCallRecord(s, r);
            }
            case Step.StopCloud c -> {
                return mesh.stopCloud();
            }
            case Step.StartCloud c -> {
                return mesh.startCloud();
            }
            case Step.ExpectLinkMode m -> {
                return mesh.expectLinkMode(m);
            }
            case Step.ExpectConnected c -> {
                return mesh.expectConnected(c);
            }
            case Step.ExpectMeshPeers m -> {
                return mesh.expectMeshPeers(m);
            }
            case Step.ExpectFallbackPlan f -> {
                return mesh.expectFallbackPlan(f);
            }
            case Step.ExpectOfflineCallRecord r -> {
                return mesh.expectOfflineCallRecord(r);
            }
            case Step.ExpectRelay r -> {
                boolean opened = s.hardware.emulatedRelay(r.relay()).awaitPulses(r.pulses(), r.within());
                return opened ? null : "relay '" + r.relay() + "' did not open" + (r.pulses() == 1 ? "" : " for pulse "
                        + r.pulses()) + " within " + r.within().toMillis() + " ms";
            }
        }
    }

    private String release(Step.Release r) {
        if (cloud == null) {
            return "a release needs 'cloud: {}' in the scenario";
        }
        if (releases == null) {
            releases = new SimReleases(cloud.dataDir(), scenarioDir().resolve("releases"));
        }
        byte[] image = r.badOnRevisions().isEmpty() ? EmulatedImages.image(r.version(), r.models())
                : EmulatedImages.badImage(r.version(), r.models(),
                        r.badOnRevisions().contains("all") ? List.of() : r.badOnRevisions());
        java.nio.file.Path bundle = releases.bundle(r.version(), r.models(), r.securityVersion(), false, image);
        try (InstallerClient operator = InstallerClient.signIn(cloud.cloud().apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
            String id = operator.uploadFirmware(bundle).path("bundleId").asText();
            bundles.put(r.version(), id);
            console.line("cloud", "firmware " + r.version() + " uploaded as bundle " + id.substring(0, 12) + "…");
        }
        return null;
    }

    private String rollout(Step.Rollout r) {
        String bundleId = bundles.get(r.version());
        if (bundleId == null) {
            return "no release " + r.version() + " in this scenario (add a 'release' step first)";
        }
        var plan = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("bundleId", bundleId)
                .put("soakSeconds", r.soak().toSeconds());
        r.waves().forEach(plan.putArray("waves")::add);
        r.maxFailurePercent().ifPresent(p -> plan.putObject("abortRule").put("maxFailurePercent", p));
        try (InstallerClient operator = InstallerClient.signIn(cloud.cloud().apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
            var created = operator.call("POST", "/api/v1/rollouts", plan);
            console.line("cloud", "rollout " + created.path("rollout").path("id").asLong() + " of " + r.version()
                    + " to " + created.path("targets").asInt() + " stations in waves " + r.waves());
        }
        return null;
    }

    private String ringGroup(Step.RingGroup g) {
        if (cloud == null || cloud.cloud().relay().isEmpty()) {
            return "a ring group needs 'cloud: {}' in the scenario (with its call relay)";
        }
        Long site = siteIds.get(g.site());
        if (site == null) {
            return "no site '" + g.site() + "' in this scenario (sites: " + siteIds.keySet() + ")";
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var group = json.createObjectNode().put("id", g.id()).put("name", g.id()).put("strategy", g.strategy())
                .put("advanceSeconds", g.advance().toSeconds()).put("noAnswerSeconds",
                        g.strategy().equals("PARALLEL") ? 60 : 0).put("earlyMedia", true).put("zone", "Europe/Zurich");
        var members = group.putArray("members");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < g.members().size(); i++) {
            SimStation m = station(g.members().get(i));
            if (m.cloud == null) {
                return g.members().get(i) + " is not claimed, so it is not on the call relay";
            }
            members.addObject().put("userId", m.cloud.deviceId().value()).put("priority", i + 1);
            names.add(g.members().get(i) + " (" + m.cloud.deviceId().value() + ")");
        }
        try (InstallerClient operator = InstallerClient.signIn(cloud.cloud().apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
            operator.call("POST", "/api/v1/sites/" + site + "/ring-groups", group);
        }
        console.line("cloud", "ring group " + g.id() + " (" + g.strategy().toLowerCase(Locale.ROOT) + ") rings "
                + String.join(", ", names));
        return null;
    }

    private String expectRegistered(SimStation s, Step.ExpectRegistered r) throws InterruptedException {
        var relay = cloud == null ? java.util.Optional.<org.openintercom.cloud.calls.sip.SipRelay>empty()
                : cloud.cloud().relay();
        if (relay.isEmpty() || s.cloud == null) {
            return s.id() + " is not claimed by a cloud with a call relay";
        }
        long deadline = System.nanoTime() + r.within().toNanos();
        while (System.nanoTime() < deadline) {
            SimStation now = station(s.id());
            var bindings = relay.get().location().lookup(now.cloud.deviceId().value());
            if (!bindings.isEmpty()) {
                console.line(s.id(), "registered with the call relay as " + now.cloud.deviceId().value() + " at "
                        + bindings.get(0).contact());
                return null;
            }
            Thread.sleep(100);
        }
        return s.id() + " did not register with the call relay within " + r.within().toSeconds() + " s";
    }

    /** The operator looks the station's latest call up in the call history (the installer API). */
    private String expectCallRecord(SimStation s, Step.ExpectCallRecord r) throws InterruptedException {
        if (cloud == null || s.cloud == null) {
            return s.id() + " is not claimed by a cloud";
        }
        String answerer = r.answeredBy().map(a -> station(a).cloud.deviceId().value()).orElse(null);
        long deadline = System.nanoTime() + r.within().toNanos();
        String seen = "no call";
        try (InstallerClient operator = InstallerClient.signIn(cloud.cloud().apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
            while (System.nanoTime() < deadline) {
                var items = operator.call("GET", "/api/v1/calls?limit=1&device=" + s.cloud.deviceId().value(), null)
                        .path("items");
                if (!items.isEmpty()) {
                    var call = items.get(0);
                    seen = call.path("status").asText() + " answered by " + call.path("answeredBy").asText("nobody");
                    if (call.path("status").asText().equals(r.status())
                            && (answerer == null || answerer.equals(call.path("answeredBy").asText()))
                            && (!r.status().equals("ANSWERED") || call.hasNonNull("endedAt"))) {
                        List<String> rung = new java.util.ArrayList<>();
                        call.path("targetsRung").forEach(t -> rung.add(t.path("target").asText()));
                        console.line("cloud", "call history: " + call.path("targetKind").asText()
                                .toLowerCase(Locale.ROOT) + " " + call.path("target").asText() + ", rang "
                                + String.join(", ", rung) + ", "
                                + call.path("status").asText() + " by " + call.path("answeredBy").asText("nobody")
                                + ", ring " + call.path("ringSeconds").asText() + " s, talk "
                                + call.path("talkSeconds").asText() + " s, ended " + call.path("endCause").asText()
                                + (call.hasNonNull("snapshotUrl") ? ", caller snapshot stored" : ""));
                        return null;
                    }
                }
                Thread.sleep(200);
            }
        }
        return "the call history shows " + seen;
    }

    private String expectFirmware(Step.ExpectFirmware f) throws InterruptedException {
        long deadline = System.nanoTime() + f.within().toNanos();
        String running = "?";
        while (System.nanoTime() < deadline) {
            SimStation s = station(f.station());
            if (s.config.cloud().flatMap(c -> c.update()).isEmpty()) {
                return f.station() + " does not update its firmware (no cloud with updates)";
            }
            var updater = s.cloud == null ? java.util.Optional.<org.openintercom.agent.update.FirmwareUpdater>empty()
                    : s.cloud.updater();
            if (updater.isEmpty()) {
                Thread.sleep(200); // starting again after a reboot
                continue;
            }
            running = updater.get().runningVersion();
            boolean committed = updater.get().lastProgress().map(p -> p.version().equals(f.version())
                    && p.state() == org.openintercom.provisioning.channel.UpdateProgress.State.COMMITTED).orElse(false);
            if (running.equals(f.version()) && committed) {
                return null;
            }
            Thread.sleep(200);
        }
        return f.station() + " runs " + running + " after " + f.within().toSeconds() + " s";
    }

    private java.nio.file.Path scenarioDir() {
        return cloud.dataDir().getParent();
    }

    private void markAction(SimStation s) {
        for (SimStation other : snapshot()) {
            lastAction.put(other.id(), other.events.mark());
        }
    }

    private String expectState(SimStation s, Step.ExpectState e) throws InterruptedException {
        if (e.state().equals("idle")) {
            long deadline = System.nanoTime() + e.within().toNanos();
            while (System.nanoTime() < deadline) {
                if (s.agent.currentCall().isEmpty()) {
                    return null;
                }
                Thread.sleep(20);
            }
            return "still in a call: " + s.agent.currentCall().map(CallStatus::state).orElse(null);
        }
        String wanted = e.state().toUpperCase(Locale.ROOT);
        if (s.agent.currentCall().map(c -> c.state().name().equals(wanted)).orElse(false)) {
            return null;
        }
        boolean seen = s.events.await(lastAction.getOrDefault(s.id(), 0),
                ev -> ev.type() == StationEvent.Type.CALL_STATE && ev.detail().startsWith(wanted), e.within());
        return seen ? null : "state is " + s.agent.currentCall().map(c -> c.state().name()).orElse("IDLE")
                + " after " + e.within().toMillis() + " ms";
    }

    private String expectAudio(SimStation s, Step.ExpectAudio e) {
        if (!(s.hardware.speaker() instanceof RecordingSink sink)) {
            return "the station's speaker does not record (audio.speaker must be 'record')";
        }
        short[] recent = sink.lastSamples(AUDIO_WINDOW);
        int rate = sink.format().sampleRate();
        double rms = ToneAnalysis.rms(recent);
        double freq = ToneAnalysis.dominantFrequency(recent, rate);
        String heard = String.format(Locale.ROOT, "heard %.0f Hz at RMS %.0f", freq, rms);
        console.line(s.id(), heard);
        if (rms < 300) {
            return "silence: " + heard;
        }
        return Math.abs(freq - e.frequencyHz()) <= e.toleranceHz() ? null : heard;
    }

    @Override
    public void close() {
        closing = true;
        // stations stop independently (each says goodbye to the cloud and closes its SIP stack): in parallel
        try (var stopping = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (SimStation s : snapshot()) {
                stopping.execute(() -> {
                    try {
                        s.close();
                    } catch (RuntimeException e) {
                        console.line(s.id(), "error while stopping: " + e.getMessage());
                    }
                });
            }
        }
        if (cloud != null) {
            cloud.close();
        }
    }
}
