package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Downloads with real {@code curl} processes, all started at once: the same client for cloud-lite and nginx, and
 * none of the client's work in the JVM that serves.
 */
final class ParallelCurl {

    /** A client identity for mutual TLS: certificate chain and key as PEM files. */
    record ClientCert(Path chain, Path key) {
    }

    /** The outcome of one pass: bytes received in all, wall time, per-download times, failures. */
    record Pass(long bytes, double seconds, Latencies perDownload, int failures, String firstFailure) {

        double mebibytesPerSecond() {
            return bytes / seconds / (1 << 20);
        }

        String summary() {
            return String.format(Locale.ROOT, "%d downloads, %.0f MiB in %.1f s = %.0f MiB/s; per download %s; %d failed%s",
                    perDownload.count(), bytes / (double) (1 << 20), seconds, mebibytesPerSecond(),
                    perDownload.summary(), failures, failures == 0 ? "" : " (" + firstFailure + ")");
        }
    }

    private ParallelCurl() {
    }

    /** Fetches {@code url} once per client certificate, all in parallel; every download must get {@code expected} bytes. */
    static Pass fetchAll(String url, Path trust, List<ClientCert> clients, long expected) {
        List<Process> running = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (ClientCert c : clients) {
                running.add(new ProcessBuilder("curl", "-sS", "--http1.1", "-o", "/dev/null", "--cacert",
                        trust.toString(), "--cert", c.chain().toString(), "--key", c.key().toString(), "-w",
                        "%{http_code} %{size_download} %{time_total}", url).redirectErrorStream(true).start());
            }
            Latencies times = new Latencies();
            long bytes = 0;
            int failures = 0;
            String firstFailure = "";
            for (int i = 0; i < running.size(); i++) {
                Process p = running.get(i);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(30, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
                String[] parts = out.split(" ");
                long got = parts.length == 3 && parts[1].matches("\\d+") ? Long.parseLong(parts[1]) : 0;
                if (parts.length == 3 && parts[2].matches("[0-9.]+")) {
                    times.record(Double.parseDouble(parts[2]) * 1000);
                }
                bytes += got;
                if (p.exitValue() != 0 || !out.startsWith("200 ") || got != expected) {
                    failures++;
                    if (firstFailure.isEmpty()) {
                        firstFailure = "exit " + p.exitValue() + ": " + out;
                    }
                }
            }
            return new Pass(bytes, (System.nanoTime() - t0) / 1e9, times, failures, firstFailure);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run curl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(Process::destroyForcibly);
            throw new IllegalStateException("interrupted", e);
        }
    }
}
