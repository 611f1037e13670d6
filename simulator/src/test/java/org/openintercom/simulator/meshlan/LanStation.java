package org.openintercom.simulator.meshlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.openintercom.provisioning.factory.DeviceFactoryData;

/**
 * The test's handle on one station of the LAN: its config file (a station of the given model with a {@code cloud:}
 * and a {@code mesh:} section, SIP bound to its LAN IPv4 address), its agent in a child JVM in the station's namespace
 * ({@link LanStationMain}), and the commands the test sends it: press a button, read its {@link StationReport}.
 */
final class LanStation implements AutoCloseable {

    private static final Duration STEP = Duration.ofMillis(100);
    private static final AtomicLong TOKENS = new AtomicLong();
    static final Duration BETWEEN_PRESSES = Duration.ofMillis(300);

    private final String name;
    private final Ip ip;
    private final String ns;
    private final Path dir;
    private final Path config;
    private final Path logs;
    private final DeviceFactoryData factory;
    private ChildJvm jvm;
    private String claimCode;
    private int starts;
    private long lastPress = System.nanoTime() - BETWEEN_PRESSES.toNanos();

    private LanStation(String name, Ip ip, String ns, Path dir, Path config, Path logs, DeviceFactoryData factory) {
        this.name = name;
        this.ip = ip;
        this.ns = ns;
        this.dir = dir;
        this.config = config;
        this.logs = logs;
        this.factory = factory;
    }

    /**
     * Writes the config of station {@code name} (model, tone it plays, IPv4 address on the LAN, the cloud to use) in
     * {@code dir}, its logs going to {@code logs}; {@code mesh} is the {@code mesh:} section's body (YAML flow map
     * content).
     */
    static LanStation configure(String name, String model, int toneHz, Ip ip, String ns, String address, Path dir,
            Path logs, DeviceFactoryData factory, CloudLiteChild cloud, Path cloudRoot, String mesh) {
        Path config = dir.resolve("station.yaml");
        String yaml = """
                station: {id: %s, name: %s, model: %s, data-dir: %s}
                sip: {bind-address: %s, udp-port: 5060}
                audio: {microphone: "tone:%d", speaker: record}
                %s
                cloud:
                  device-api: %s
                  trust: %s
                  factory: %s
                  poll-interval: 500ms
                  reconnect-min: 200ms
                  reconnect-max: 2s
                mesh: {%s}
                """.formatted(name, name, model, dir.resolve("data"), address, toneHz,
                model.startsWith("ID") ? "door: {relay: door, pulse: 1s}" : "", cloud.deviceApi(), cloudRoot,
                factory.directory(), mesh);
        try {
            Files.createDirectories(dir);
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LanStation(name, ip, ns, dir, config, logs, factory);
    }

    /** Starts the agent and waits until it is ready (its cloud link started). */
    LanStation start() {
        launch();
        return awaitReady();
    }

    /** Starts the agent's JVM. */
    void launch() {
        starts++;
        jvm = ChildJvm.start(name, ip, ns, logs.resolve(name + "-" + starts + ".log"), List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                LanStationMain.class.getName(), List.of(config.toString()));
    }

    /** Waits until the launched agent is ready (its cloud link started). */
    LanStation awaitReady() {
        String cloud = jvm.await(l -> l.startsWith("cloud "), Duration.ofSeconds(60), "cloud line");
        claimCode = cloud.split(" ")[2];
        jvm.await(l -> l.startsWith("ready "), Duration.ofSeconds(30), "ready line");
        return this;
    }

    String name() {
        return name;
    }

    String deviceId() {
        return factory.deviceId().toString();
    }

    String claimCode() {
        return claimCode;
    }

    /**
     * Presses {@code button}. Presses follow each other at least {@link #BETWEEN_PRESSES} apart: an emulated press is
     * held for the debounce time plus 50 ms, and one that comes right after the release is taken for contact bounce
     * (the two merge into one press), as on the real button.
     */
    void press(String button) {
        long wait = lastPress + BETWEEN_PRESSES.toNanos() - System.nanoTime();
        if (wait > 0) {
            sleep(wait / 1_000_000 + 1);
        }
        lastPress = System.nanoTime();
        jvm.send("press " + button);
        jvm.await(l -> l.equals("pressed " + button), Duration.ofSeconds(5), "press of " + button);
    }

    /** What the station shows now. */
    StationReport report() {
        String token = String.valueOf(TOKENS.incrementAndGet());
        jvm.send("status " + token);
        String line = jvm.await(l -> l.startsWith("status " + token + " "), Duration.ofSeconds(10), "status");
        return StationReport.parse(line.substring(("status " + token + " ").length()));
    }

    /** Waits until its report shows {@code what}; returns that report, or fails with the last one and the log. */
    StationReport await(String what, Duration within, Predicate<StationReport> done) {
        long deadline = System.nanoTime() + within.toNanos();
        StationReport last = report();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": not " + what + " within " + within.toMillis() + " ms; it shows "
                        + last + "\n" + jvm.tail());
            }
            sleep(STEP.toMillis());
            last = report();
        }
        return last;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The line of the station's offline outbox that queued call {@code callId} (while it is pending). */
    String outboxLine(String callId) {
        try {
            return Files.readAllLines(outbox()).stream().filter(l -> l.contains("\"added\"") && l.contains(callId))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": call " + callId + " not in " + outbox()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends {@code line} to the stopped station's offline outbox: as if it had died after sending the record and
     * before writing down that the cloud took it, so that it sends it again at its next start.
     */
    void appendToOutbox(String line) {
        try {
            Files.writeString(outbox(), line + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path outbox() {
        return dir.resolve("data/cloud/offline-calls.jsonl");
    }

    /** Everything the running agent has logged so far. */
    String log() {
        try {
            return Files.readString(logs.resolve(name + "-" + starts + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the agent as a service manager does (SIGTERM), keeping its folders. */
    void stop() {
        if (jvm != null) {
            jvm.stop(Duration.ofSeconds(15));
        }
    }

    String tail() {
        return jvm == null ? "(" + name + " not started)" : jvm.tail();
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
