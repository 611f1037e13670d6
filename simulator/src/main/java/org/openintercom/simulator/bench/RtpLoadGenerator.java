package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plays the phones of many calls at once for a fixed time: a few platform threads, each with its own
 * {@link Selector} over the non-blocking sockets of a share of the calls, sends every phone's packet when it is due
 * (the phones' 20 ms slots spread evenly, sent in small batches each time the thread wakes, at most about 1 ms
 * late: the send time in the packet is taken when it really goes) and reads what arrives in between. Then it drains
 * for a moment and sums up what every receiver counted.
 *
 * <p>A thread that was held up (another process had the core) skips the slots it missed by more than
 * {@code maxLagMillis}, as a phone's real-time audio would, instead of sending them all in one burst that would
 * flood the relay; skipped packets are not sent (no sequence number is used up) and are counted apart.
 */
final class RtpLoadGenerator {

    static final long PTIME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** What the phones of one run counted. */
    record Outcome(long sent, long skipped, long missing, long late, long duplicates, long foreign,
            long sendFailures, LatencyHistogram latencies, double generatorCpuSeconds, double maxLagMillis) {

        /** Skipped packets in percent of those due. */
        double skippedPercent() {
            long due = sent + skipped + sendFailures;
            return due == 0 ? 0 : 100.0 * skipped / due;
        }
    }

    private final int threads;
    private final long lateMicros;
    private final long maxLagNanos;

    /**
     * {@code threads} sending/receiving threads; packets later than {@code lateMicros} count as late; slots missed by
     * more than {@code maxLagMillis} are skipped.
     */
    RtpLoadGenerator(int threads, long lateMicros, long maxLagMillis) {
        if (threads < 1 || maxLagMillis < 1) {
            throw new IllegalArgumentException("the generator needs at least one thread and a lag limit");
        }
        this.threads = threads;
        this.lateMicros = lateMicros;
        this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMillis);
    }

    /** Runs {@code calls} (both phones of each, connected to their relay ports) for {@code seconds}. */
    Outcome run(List<RtpPhone[]> calls, int seconds) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long ticks = seconds * TimeUnit.SECONDS.toNanos(1) / PTIME_NANOS;
        List<Worker> workers = new ArrayList<>();
        int used = Math.min(threads, calls.size());
        for (int w = 0; w < used; w++) {
            List<RtpPhone> share = new ArrayList<>();
            for (int c = w; c < calls.size(); c += used) {
                share.add(calls.get(c)[0]);
                share.add(calls.get(c)[1]);
            }
            // the workers' slots interleave, so the whole generator sends evenly over the 20 ms
            long offset = PTIME_NANOS * w / ((long) used * share.size());
            workers.add(new Worker(share, start + offset, ticks, maxLagNanos));
        }
        List<Thread> running = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            running.add(Thread.ofPlatform().name("rtp-load-" + w).start(workers.get(w)));
        }
        for (Thread thread : running) {
            thread.join();
        }
        long sent = 0;
        long skipped = 0;
        long missing = 0;
        long duplicates = 0;
        long foreign = 0;
        long failures = 0;
        double cpu = 0;
        double lag = 0;
        LatencyHistogram latencies = new LatencyHistogram();
        for (Worker worker : workers) {
            if (worker.failure != null) {
                throw new IllegalStateException("load generator thread failed: " + worker.failure, worker.failure);
            }
            for (RtpPhone phone : worker.phones) {
                sent += phone.peer().sent;
                missing += phone.inbound().missing(phone.peer().sent);
                duplicates += phone.inbound().duplicates();
                foreign += phone.foreign;
                failures += phone.sendFailures;
            }
            latencies.add(worker.latencies);
            skipped += worker.skipped;
            cpu += worker.cpuNanos / 1e9;
            lag = Math.max(lag, worker.maxLagNanos / 1e6);
        }
        long late = lateMicros > 0 ? latencies.countAtLeast(lateMicros) : 0;
        return new Outcome(sent, skipped, missing, late, duplicates, foreign, failures, latencies, cpu, lag);
    }

    /** One generator thread and its share of the phones. */
    private static final class Worker implements Runnable {
        final List<RtpPhone> phones;
        final long start;
        final long ticks;
        final long skipAfterNanos;
        final LatencyHistogram latencies = new LatencyHistogram();
        long cpuNanos;
        long maxLagNanos;
        long skipped;
        Exception failure;

        Worker(List<RtpPhone> phones, long start, long ticks, long skipAfterNanos) {
            this.phones = phones;
            this.start = start;
            this.ticks = ticks;
            this.skipAfterNanos = skipAfterNanos;
        }

        @Override
        public void run() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpuBefore = mx.getCurrentThreadCpuTime();
            try (Selector selector = Selector.open()) {
                for (RtpPhone phone : phones) {
                    phone.channel.register(selector, SelectionKey.OP_READ, phone);
                }
                loop(selector);
            } catch (IOException | RuntimeException e) {
                failure = e;
            } finally {
                cpuNanos = mx.getCurrentThreadCpuTime() - cpuBefore;
            }
        }

        private void loop(Selector selector) throws IOException {
            ByteBuffer packet = ByteBuffer.allocateDirect(RtpPhone.PACKET_BYTES);
            while (packet.hasRemaining()) {
                packet.put((byte) 0xFF); // PCMU silence; send() rewrites the header and the time stamp only
            }
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            int n = phones.size();
            long tick = 0;
            int p = 0;
            long end = start + ticks * PTIME_NANOS + DRAIN_NANOS;
            while (true) {
                long now = System.nanoTime();
                while (tick < ticks) {
                    long due = start + tick * PTIME_NANOS + PTIME_NANOS * p / n;
                    if (due > now) {
                        break;
                    }
                    maxLagNanos = Math.max(maxLagNanos, now - due);
                    if (now - due > skipAfterNanos) {
                        skipped++;
                    } else {
                        phones.get(p).send(packet);
                    }
                    if (++p == n) {
                        p = 0;
                        tick++;
                    }
                }
                long next = tick < ticks ? start + tick * PTIME_NANOS + PTIME_NANOS * p / n : end;
                if (tick >= ticks && now >= end) {
                    return;
                }
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
                selector.select(waitMillis);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    // one datagram per ready socket: epoll is level-triggered, so the next select reports the rest,
                    // and no receive is wasted on an empty socket
                    ((RtpPhone) key.attachment()).receive(in, latencies);
                }
            }
        }
    }
}
