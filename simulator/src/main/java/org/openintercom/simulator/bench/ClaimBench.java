package org.openintercom.simulator.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.openintercom.cloud.CallRelaySettings;
import org.openintercom.cloud.CloudLite;
import org.openintercom.cloud.CloudLiteConfig;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.simulator.InstallerClient;

/**
 * The claim benchmark: N factory-fresh devices are claimed over the installer API, enrolled at the device endpoint
 * and connected to cloud-lite's MQTT broker; then the same N issued certificates connect again to cloud-lite's
 * broker and to a real Mosquitto, with the same client and concurrency, for the connections/s ratio.
 */
public final class ClaimBench {

    private static final com.fasterxml.jackson.databind.node.ObjectNode EMPTY =
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();

    private static final String ADMIN_PASSWORD = "claim bench admin password";

    private final int devices;
    private final int concurrency;
    private final PrintStream out;

    /** A benchmark of {@code devices} devices with {@code concurrency} in flight, printing to {@code out}. */
    public ClaimBench(int devices, int concurrency, PrintStream out) {
        if (devices < 1 || concurrency < 1) {
            throw new IllegalArgumentException("devices and concurrency must be at least 1, not " + devices + " and "
                    + concurrency);
        }
        this.devices = devices;
        this.concurrency = concurrency;
        this.out = out;
    }

    /** The figures of one connect pass: how many connected, how long it took, CPU used. */
    private record Pass(int connected, int held, double seconds, Latencies latency, Failures failures,
            double jvmCpu, double brokerCpu, String tls) {

        double perSecond() {
            return connected / seconds;
        }
    }

    /** Runs the benchmark; returns the number of failed steps (0 when every device made it). */
    public int run() throws Exception {
        Path dir = Files.createTempDirectory("openintercom-claim-bench-");
        out.printf(Locale.ROOT, "== OpenIntercom claim benchmark (%d cores, %s %s; %d devices, %d in flight)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), devices, concurrency);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("bench-", 0)
                .daemon(true).factory());
        try {
            ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), "bench-factory".toCharArray(),
                    java.time.Clock.systemUTC());
            Path manufacturerRoot = dir.resolve("manufacturer.crt");
            Pem.writeCertificates(manufacturerRoot, List.of(factory.rootCertificate()));
            long t0 = System.nanoTime();
            List<BenchDevice> fleet = prepare(factory, pool);
            out.printf(Locale.ROOT, "  prepared %d factory-fresh devices (birth certificates, claim codes, "
                    + "operational keys) in %.1f s, not timed%n", fleet.size(), seconds(t0));
            long t1 = System.nanoTime();
            try (CloudLite cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud"))
                    .ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build()).manufacturerRoot(manufacturerRoot).initialAdminPassword(ADMIN_PASSWORD).build());
                    InstallerClient installer = InstallerClient.signIn(cloud.apiUri(), "admin", ADMIN_PASSWORD)) {
                out.printf(Locale.ROOT, "  cloud-lite ready in %.1f s (data in %s)%n", seconds(t1), dir);
                return measure(cloud, installer, fleet, pool);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int measure(CloudLite cloud, InstallerClient installer, List<BenchDevice> fleet, ExecutorService pool)
            throws Exception {
        List<X509Certificate> trust = List.of(cloud.rootCertificate());
        long site = installer.createSite("Claim bench company", "Claim bench project", "Claim bench site", "Europe/Zurich");
        DeviceEnrollment enrollment = new DeviceEnrollment(cloud.deviceApiUri(), trust);

        // phase 1: what an installer and N devices do, end to end
        Latencies claim = new Latencies();
        Latencies enroll = new Latencies();
        Failures endToEndFailures = new Failures();
        double cpu0 = CpuTime.thisJvm();
        double endToEnd;
        int held;
        int online;
        Latencies firstConnect;
        Latencies onlinePublish;
        try (MqttFleet first = new MqttFleet(cloud.mqttUri(), pool)) {
            endToEnd = runAll(fleet, pool, "claim+enroll+connect", endToEndFailures, d -> {
                long t = System.nanoTime();
                step("claim", () -> installer.claim(site, d.code.qrPayload(), "Door " + d.id, EMPTY));
                claim.recordSince(t);
                t = System.nanoTime();
                step("enroll", () -> enrollment.enroll(d));
                enroll.recordSince(t);
                SSLContext tls = d.operationalTls(trust);
                step("connect", () -> first.connect(d, tls, true));
            });
            held = first.connectedCount();
            online = awaitOnline(installer, site, first.online.count());
            firstConnect = first.connect;
            onlinePublish = first.online;
        }
        double endToEndCpu = CpuTime.thisJvm() - cpu0;
        out.printf(Locale.ROOT, "  cloud-lite held %d/%d device connections at the end of the phase; the cloud "
                + "showed %d devices online%n", held, fleet.size(), online);

        List<BenchDevice> enrolled = fleet.stream().filter(BenchDevice::isEnrolled).toList();
        String hive = "cloud-lite (" + hiveMqVersion() + ")";
        Pass ours = connectPass(hive, cloud.mqttUri(), enrolled, trust, pool, -1);
        Pass mosquitto = null;
        String mosquittoName = "mosquitto";
        if (MosquittoBroker.installed()) {
            mosquittoName = MosquittoBroker.version().replace(" version", "");
            try (MosquittoBroker broker = MosquittoBroker.start(Files.createTempDirectory("openintercom-mosquitto-"),
                    cloud.ca())) {
                out.println("  " + mosquittoName + " started (open-file limit " + broker.openFiles() + ")");
                mosquitto = connectPass(mosquittoName, broker.uri(), enrolled, trust, pool, broker.pid());
            }
        } else {
            out.println("  mosquitto not installed (" + MosquittoBroker.EXECUTABLE + "): no reference figures");
        }

        out.println();
        out.printf(Locale.ROOT, "claim+enroll+connect: %d devices in %.1f s = %.1f devices/s (%d in flight, %s)%n",
                fleet.size() - endToEndFailures.count(), endToEnd, (fleet.size() - endToEndFailures.count())
                        / endToEnd, concurrency, endToEndFailures.summary());
        out.println("  claim (installer API):            " + claim.summary());
        out.println("  enroll (device endpoint, mTLS):   " + enroll.summary());
        out.println("  MQTT mTLS connect:                " + firstConnect.summary());
        out.println("  ONLINE status publish (QoS 1):    " + onlinePublish.summary());
        out.printf(Locale.ROOT, "  CPU of the one JVM (cloud-lite + emulated devices): %.1f s = %.1f ms per device%n",
                endToEndCpu, endToEndCpu * 1000 / fleet.size());
        out.printf(Locale.ROOT, "mqtt mTLS connect (%d issued certificates, %d in flight, all held open, then "
                + "disconnected):%n", enrolled.size(), concurrency);
        print(hive, ours);
        if (mosquitto != null) {
            print(mosquittoName, mosquitto);
            out.printf(Locale.ROOT, "  ratio cloud-lite/mosquitto: %.2f (connections/s)%n",
                    ours.perSecond() / mosquitto.perSecond());
            // the same clients did the same connects in both passes: their CPU in the Mosquitto pass is the
            // client share of the cloud-lite pass, whose JVM held both sides
            double clientMs = mosquitto.jvmCpu() * 1000 / mosquitto.connected();
            double oursMs = ours.jvmCpu() * 1000 / ours.connected() - clientMs;
            double theirsMs = mosquitto.brokerCpu() * 1000 / mosquitto.connected();
            out.printf(Locale.ROOT, "  broker CPU per connect: cloud-lite ~%.1f ms (estimate: its pass's JVM CPU minus "
                    + "the clients' %.1f ms), mosquitto %.1f ms -> ~%.1fx%n", oursMs, clientMs, theirsMs,
                    oursMs / theirsMs);
        }
        return endToEndFailures.count() + ours.failures().count()
                + (mosquitto == null ? 0 : mosquitto.failures().count());
    }

    /** Connects every enrolled device to {@code uri}, holds all connections, then disconnects them. */
    private Pass connectPass(String name, String uri, List<BenchDevice> enrolled, List<X509Certificate> trust,
            ExecutorService pool, long brokerPid) throws InterruptedException {
        // fresh TLS contexts (empty session caches): every connect is a full handshake, as for a new device
        Map<BenchDevice, SSLContext> contexts = new HashMap<>();
        enrolled.forEach(d -> contexts.put(d, d.operationalTls(trust)));
        String tls = TlsProbe.negotiated(uri, enrolled.get(0).operationalTls(trust));
        Failures failures = new Failures();
        double jvm0 = CpuTime.thisJvm();
        double broker0 = brokerPid > 0 ? CpuTime.process(brokerPid) : Double.NaN;
        try (MqttFleet fleet = new MqttFleet(uri, pool)) {
            double elapsed = runAll(enrolled, pool, "mqtt connect " + name, failures,
                    d -> step("connect", () -> fleet.connect(d, contexts.get(d), false)));
            double jvm = CpuTime.thisJvm() - jvm0;
            double broker = brokerPid > 0 ? CpuTime.process(brokerPid) - broker0 : Double.NaN;
            int held = fleet.connectedCount();
            out.printf(Locale.ROOT, "  %s held %d/%d connections%n", name, held, enrolled.size());
            return new Pass(fleet.connect.count(), held, elapsed, fleet.connect, failures, jvm, broker, tls);
        }
    }

    private void print(String name, Pass p) {
        String cpu = Double.isNaN(p.brokerCpu())
                ? String.format(Locale.ROOT, "CPU %.1f s (broker + clients, one JVM)", p.jvmCpu())
                : String.format(Locale.ROOT, "CPU %.1f s broker + %.1f s clients", p.brokerCpu(), p.jvmCpu());
        out.printf(Locale.ROOT, "  %s: %d in %.2f s = %.0f conn/s, %s; %s; %s; %s%n", name, p.connected(),
                p.seconds(), p.perSecond(), p.latency().summary(), p.tls(), cpu, p.failures().summary());
    }

    /** Runs {@code task} for every device with {@link #concurrency} in flight; returns the wall time in seconds. */
    private double runAll(List<BenchDevice> fleet, ExecutorService pool, String label, Failures failures,
            Consumer<BenchDevice> task) throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        int every = Math.max(1, fleet.size() / 10);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (BenchDevice d : fleet) {
            futures.add(pool.submit(() -> {
                try {
                    task.accept(d);
                } catch (StepFailure e) {
                    failures.record(e.step, e.getCause());
                } catch (RuntimeException e) {
                    failures.record("other", e);
                }
                int n = done.incrementAndGet();
                if (n % every == 0) {
                    out.printf(Locale.ROOT, "  %s: %d/%d after %.1f s%n", label, n, fleet.size(), seconds(t0));
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(label + ": a task failed outside its steps: " + e.getCause(), e);
            }
        }
        return seconds(t0);
    }

    /** Waits (untimed, at most 30 s) until the cloud shows {@code expected} devices online; returns the count seen. */
    private static int awaitOnline(InstallerClient installer, long site, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int online = installer.onlineCount(site);
        while (online < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            online = installer.onlineCount(site);
        }
        return online;
    }

    /** Makes the devices in parallel (key generation and birth certificates are not measured). */
    private List<BenchDevice> prepare(ManufacturerCa factory, ExecutorService pool) throws Exception {
        List<Future<BenchDevice>> made = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            made.add(pool.submit(() -> BenchDevice.born(factory)));
        }
        List<BenchDevice> fleet = new ArrayList<>();
        for (Future<BenchDevice> f : made) {
            fleet.add(f.get());
        }
        return fleet;
    }

    private static String hiveMqVersion() {
        try {
            Class<?> hive = Class.forName("com.hivemq.embedded.EmbeddedHiveMQ");
            String jar = Path.of(hive.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName()
                    .toString();
            return "HiveMQ CE " + jar.replaceAll("^hivemq-community-edition-embedded-|\\.jar$", "");
        } catch (ReflectiveOperationException | java.net.URISyntaxException | RuntimeException e) {
            return "HiveMQ CE";
        }
    }

    private static void step(String name, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw new StepFailure(name, e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A device's step failed: counted under the step's name. */
    private static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String step;

        StepFailure(String step, RuntimeException cause) {
            super(step + " failed: " + cause.getMessage(), cause);
            this.step = step;
        }
    }
}
