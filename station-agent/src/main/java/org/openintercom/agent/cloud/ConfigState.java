package org.openintercom.agent.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * The managed configuration as the station keeps it on disk: the last cloud version applied, the local
 * revision (grows with each change made on site) and the configuration itself. Written atomically (synced, owner-only),
 * so a power cut leaves either the old or the new state.
 */
record ConfigState(long appliedVersion, long localRevision, DeviceConfiguration configuration) {

    static ConfigState initial() {
        return new ConfigState(0, 0, DeviceConfiguration.empty());
    }

    static ConfigState load(Path file) {
        if (!Files.exists(file)) {
            return initial();
        }
        try {
            return ChannelJson.decode(Files.readAllBytes(file), ConfigState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the managed configuration " + file + ": " + e.getMessage(), e);
        }
    }

    void save(Path file) {
        SecureFiles.write(file, ChannelJson.encode(this), true);
    }
}
