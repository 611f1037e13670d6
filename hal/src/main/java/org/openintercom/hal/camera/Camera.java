package org.openintercom.hal.camera;

/** A station camera that takes still pictures (caller snapshots). Port. */
public interface Camera extends AutoCloseable {

    /** Takes a picture now; infrastructure failures are {@link org.openintercom.hal.HardwareException}s. */
    Snapshot snapshot();

    @Override
    void close();
}
