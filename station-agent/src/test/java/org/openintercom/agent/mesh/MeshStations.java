package org.openintercom.agent.mesh;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The stations of one test, closed together at the end (JmDNS takes seconds to close; in parallel, once). */
final class MeshStations implements AutoCloseable {

    private final List<AutoCloseable> stations = new CopyOnWriteArrayList<>();

    <T extends AutoCloseable> T add(T station) {
        stations.add(station);
        return station;
    }

    @Override
    public void close() {
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            stations.forEach(s -> closing.submit(() -> {
                s.close();
                return null;
            }));
        }
    }
}
