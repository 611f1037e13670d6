package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A reference server the benchmarks start as a process of its own (Mosquitto, nginx): waits until it listens on
 * its loopback port, reads what it logged, stops it.
 */
final class PeerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private PeerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Wraps {@code process} (logging to {@code log}) and waits until it listens on loopback {@code port}.
     *
     * @throws IllegalStateException with the log when it exits or does not listen within {@code timeout}
     */
    static PeerProcess awaitListening(String name, Process process, Path log, int port, Duration timeout) {
        PeerProcess peer = new PeerProcess(name, process, log, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + peer.output());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return peer;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    peer.close();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
        peer.close();
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout + ": "
                + peer.output());
    }

    /** A free loopback port to give the server. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** What the server has logged so far. */
    String output() {
        return Processes.output(log);
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
