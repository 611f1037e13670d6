package org.openintercom.cloud.calls.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Load driver for an RTP relay: N concurrent calls on loopback (or any address), each two UDP "phones" sending
 * G.711 RTP (20 ms packets, 160 bytes of payload, real RTP headers with sequence numbers and timestamps) both ways
 * through the relay for T seconds; prints calls, packets sent and received, loss, the one-way latency the path adds
 * (p50/p99/max: send time stamped in the payload, read on arrival; includes two trips through the loopback stack;
 * packets sent in the first quarter of the run, at most 1 s, are left out of it as JIT warm-up but count for loss)
 * and the relay's CPU time when it runs in-process. The phones and the relay share the machine's cores, so run it
 * on an otherwise idle machine.
 *
 * <p>Against this project's relay: {@code MediaRelayLoad --calls 200 --seconds 10}. Against another relay (e.g.
 * rtpengine) whose ports were set up beforehand (e.g. with its ng control protocol), give each call's two relay
 * ports: {@code MediaRelayLoad --seconds 10 --target 127.0.0.1 --ports 30000:30002,30004:30006}; phone A of call i
 * sends to the first port of pair i, phone B to the second, and the relay must forward between them (with
 * latching, since the phones' own addresses were not in any SDP). {@code --phones-bind} picks the phones' address.
 */
public final class MediaRelayLoad {

    static final int PAYLOAD_BYTES = 160;
    static final int PACKET_BYTES = 12 + PAYLOAD_BYTES;
    static final long PTIME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Latency histogram buckets of 10 µs up to 1 s. */
    private static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 100_000;

    /** Where the two phones of one call send: the relay port of the caller's leg and of the callee's leg. */
    public record CallPorts(InetSocketAddress phoneASendsTo, InetSocketAddress phoneBSendsTo) {
    }

    /** The relay being measured. */
    public interface Target extends AutoCloseable {

        /** Prepares call {@code index} whose phones sit at {@code phoneA} and {@code phoneB}. */
        CallPorts open(int index, InetSocketAddress phoneA, InetSocketAddress phoneB);

        /** CPU time the relay used so far, in nanoseconds, or -1 when it cannot be measured. */
        long cpuNanos();

        @Override
        void close();
    }

    /** What one run measured. */
    public record Result(int calls, int seconds, long sent, long received, double lossPercent, double p50Micros,
            double p99Micros, double maxMicros, long relayCpuMillis) {

        public String describe() {
            String cpu = relayCpuMillis < 0 ? "n/a" : String.format(Locale.ROOT, "%d ms (%.1f %% of one core)",
                    relayCpuMillis, relayCpuMillis / (seconds * 10.0));
            return String.format(Locale.ROOT, "calls=%d seconds=%d sent=%d received=%d loss=%.3f %% "
                    + "one-way latency p50=%.0f us p99=%.0f us max=%.0f us relay CPU=%s", calls, seconds, sent,
                    received, lossPercent, p50Micros, p99Micros, maxMicros, cpu);
        }
    }

    private MediaRelayLoad() {
    }

    public static void main(String[] args) throws Exception {
        int calls = 50;
        int seconds = 10;
        String target = null;
        String ports = null;
        InetAddress phonesBind = InetAddress.getLoopbackAddress();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(require(args[i], value));
                case "--seconds" -> seconds = Integer.parseInt(require(args[i], value));
                case "--target" -> target = require(args[i], value);
                case "--ports" -> ports = require(args[i], value);
                case "--phones-bind" -> phonesBind = InetAddress.getByName(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --calls N --seconds T [--target HOST --ports A:B,A:B,...] [--phones-bind IP])");
            }
            i++;
        }
        Target relay;
        if (ports != null) {
            relay = fixedPorts(InetAddress.getByName(target == null ? "127.0.0.1" : target), ports);
            calls = ports.split(",").length;
        } else {
            relay = inProcess(MediaRelay.start(MediaRelayConfig.builder().bindAddress(phonesBind)
                    .idleTimeout(Duration.ofSeconds(seconds + 30L)).build(), MediaRelayListener.NONE));
        }
        try (relay) {
            System.out.println(run(calls, seconds, phonesBind, relay).describe());
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** This project's relay, started by the caller and closed with the target. */
    public static Target inProcess(MediaRelay relay) {
        return new Target() {
            @Override
            public CallPorts open(int index, InetSocketAddress phoneA, InetSocketAddress phoneB) {
                RelaySession session = relay.open("load-" + index);
                session.caller().expect(RemoteMedia.of(phoneA.getAddress(), phoneA.getPort()));
                session.answeredBy(RemoteMedia.of(phoneB.getAddress(), phoneB.getPort()), null);
                InetAddress at = relay.config().bindAddress().isAnyLocalAddress()
                        ? InetAddress.getLoopbackAddress() : relay.config().bindAddress();
                return new CallPorts(new InetSocketAddress(at, session.caller().local().rtpPort()),
                        new InetSocketAddress(at, session.callee().local().rtpPort()));
            }

            @Override
            public long cpuNanos() {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                if (!threads.isThreadCpuTimeSupported()) {
                    return -1;
                }
                long sum = -1;
                for (Thread thread : Thread.getAllStackTraces().keySet()) {
                    if (thread.getName().startsWith("media-relay-io")) {
                        sum = Math.max(sum, 0) + Math.max(0, threads.getThreadCpuTime(thread.threadId()));
                    }
                }
                return sum; // every I/O thread of the relay
            }

            @Override
            public void close() {
                relay.close();
            }
        };
    }

    /** A relay set up elsewhere: {@code ports} is {@code A:B,A:B,...}, one pair of relay ports per call. */
    public static Target fixedPorts(InetAddress relayAddress, String ports) {
        List<CallPorts> pairs = new ArrayList<>();
        for (String pair : ports.split(",")) {
            String[] ab = pair.split(":");
            if (ab.length != 2) {
                throw new IllegalArgumentException("--ports: '" + pair + "' is not A:B");
            }
            pairs.add(new CallPorts(new InetSocketAddress(relayAddress, Integer.parseInt(ab[0])),
                    new InetSocketAddress(relayAddress, Integer.parseInt(ab[1]))));
        }
        return new Target() {
            @Override
            public CallPorts open(int index, InetSocketAddress phoneA, InetSocketAddress phoneB) {
                return pairs.get(index);
            }

            @Override
            public long cpuNanos() {
                return -1;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Runs {@code calls} calls for {@code seconds} seconds through {@code target}. */
    public static Result run(int calls, int seconds, InetAddress phonesBind, Target target) throws IOException {
        if (calls < 1 || seconds < 1) {
            throw new IllegalArgumentException("calls " + calls + " and seconds " + seconds + " must be at least 1");
        }
        List<Phone> phones = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < calls; i++) {
                Phone a = new Phone(phonesBind, selector);
                Phone b = new Phone(phonesBind, selector);
                phones.add(a);
                phones.add(b);
                CallPorts ports = target.open(i, a.address(), b.address());
                a.sendTo = ports.phoneASendsTo();
                b.sendTo = ports.phoneBSendsTo();
            }
            Receiver receiver = new Receiver(selector,
                    System.nanoTime() + Math.min(1_000_000_000L, seconds * 250_000_000L));
            Thread receiving = Thread.ofPlatform().name("load-receiver").start(receiver);
            long cpuBefore = target.cpuNanos();
            long sent = send(phones, seconds);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // the last packets are still on their way
            long cpuAfter = target.cpuNanos();
            receiver.stop.set(true);
            selector.wakeup();
            receiving.join(TimeUnit.SECONDS.toMillis(5));
            long relayCpuMillis = cpuBefore < 0 || cpuAfter < 0 ? -1 : (cpuAfter - cpuBefore) / 1_000_000;
            double loss = sent == 0 ? 0 : 100.0 * (sent - receiver.received) / sent;
            return new Result(calls, seconds, sent, receiver.received, Math.max(0, loss),
                    receiver.percentileMicros(0.50), receiver.percentileMicros(0.99), receiver.maxMicros,
                    relayCpuMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("load run interrupted", e);
        } finally {
            for (Phone phone : phones) {
                phone.channel.close();
            }
        }
    }

    /** Every phone sends one packet per 20 ms; the phones' send times are spread evenly over the 20 ms. */
    private static long send(List<Phone> phones, int seconds) throws IOException {
        long start = System.nanoTime();
        long ticks = seconds * 1_000_000_000L / PTIME_NANOS;
        long slot = PTIME_NANOS / phones.size();
        ByteBuffer packet = ByteBuffer.allocateDirect(PACKET_BYTES);
        long sent = 0;
        for (long tick = 0; tick < ticks; tick++) {
            for (int p = 0; p < phones.size(); p++) {
                long due = start + tick * PTIME_NANOS + p * slot;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Phone phone = phones.get(p);
                phone.fill(packet);
                if (phone.channel.send(packet, phone.sendTo) > 0) {
                    sent++;
                }
            }
        }
        return sent;
    }

    /** One side of a call: a non-blocking socket with its RTP stream state. */
    private static final class Phone {
        final DatagramChannel channel;
        final int ssrc = ThreadLocalRandom.current().nextInt();
        InetSocketAddress sendTo;
        int sequence = ThreadLocalRandom.current().nextInt(65536);
        int timestamp = ThreadLocalRandom.current().nextInt();

        Phone(InetAddress bind, Selector selector) throws IOException {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(bind, 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        }

        InetSocketAddress address() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** RTP version 2, PCMU; the payload starts with the send time for the latency figure. */
        void fill(ByteBuffer packet) {
            packet.clear();
            packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(timestamp).putInt(ssrc);
            packet.putLong(System.nanoTime());
            while (packet.hasRemaining()) {
                packet.put((byte) 0xFF); // PCMU silence
            }
            packet.flip();
            sequence = (sequence + 1) & 0xFFFF;
            timestamp += PAYLOAD_BYTES;
        }
    }

    /** Reads every phone's socket and records how long each packet took. */
    private static final class Receiver implements Runnable {
        final Selector selector;
        final AtomicBoolean stop = new AtomicBoolean();
        final long measureFromNanos;
        final int[] histogram = new int[BUCKETS + 1];
        volatile long received;
        volatile long measured;
        volatile double maxMicros;

        Receiver(Selector selector, long measureFromNanos) {
            this.selector = selector;
            this.measureFromNanos = measureFromNanos;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            long count = 0;
            long timed = 0;
            double max = 0;
            try {
                while (!stop.get()) {
                    selector.select(100);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        DatagramChannel channel = (DatagramChannel) key.channel();
                        buffer.clear();
                        while (channel.receive(buffer) != null) {
                            long now = System.nanoTime();
                            if (buffer.position() >= 20) {
                                count++;
                                long sentAt = buffer.getLong(12);
                                if (sentAt - measureFromNanos >= 0) {
                                    double micros = (now - sentAt) / 1000.0;
                                    histogram[(int) Math.min(BUCKETS, Math.max(0, micros / BUCKET_MICROS))]++;
                                    max = Math.max(max, micros);
                                    timed++;
                                }
                            }
                            buffer.clear();
                        }
                    }
                    received = count;
                    measured = timed;
                    maxMicros = max;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                received = count;
                measured = timed;
                maxMicros = max;
            }
        }

        double percentileMicros(double fraction) {
            long total = measured;
            if (total == 0) {
                return Double.NaN;
            }
            long wanted = (long) Math.ceil(fraction * total);
            long seen = 0;
            for (int i = 0; i < histogram.length; i++) {
                seen += histogram[i];
                if (seen >= wanted) {
                    return (i + 0.5) * BUCKET_MICROS;
                }
            }
            return BUCKETS * BUCKET_MICROS;
        }
    }
}
