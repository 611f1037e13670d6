package org.openintercom.agent.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The stations of one test, closed together at the end (JmDNS takes seconds to close; in parallel, once). */
final class MeshStations implements AutoCloseable {

    private final List<AutoCloseable> stations = new CopyOnWriteArrayList<>();

    <T extends AutoCloseable> T add(T station) {
        stations.add(station);
        return station;
    }

    @Override
    public void close() {
        List<Thread> closing = stations.stream().map(s -> Thread.ofPlatform().start(() -> {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
