package org.openintercom.agent.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * The mesh fallback plan as the station holds it: the newest plan the cloud sent (none before the first) and when
 * it arrived. What a button rings on the local network while the cloud is unreachable is
 * {@link #targetsFor(String)}. Kept on disk next to the managed configuration, written atomically (synced,
 * owner-only), so it survives restarts and power cuts; it is only useful offline, so it must already be there when
 * the cloud goes away.
 */
public record MeshFallbackPlan(Optional<FallbackPlan> received, Optional<Instant> receivedAt) {

    /** No plan yet: no button has a fallback. */
    public static final MeshFallbackPlan NONE = new MeshFallbackPlan(Optional.empty(), Optional.empty());

    public MeshFallbackPlan {
        received = received == null ? Optional.empty() : received;
        receivedAt = receivedAt == null ? Optional.empty() : receivedAt;
    }

    static MeshFallbackPlan of(FallbackPlan plan, Instant at) {
        return new MeshFallbackPlan(Optional.of(plan), Optional.of(at));
    }

    /** The plan's generation: 0 without a plan; a plan with a higher one replaces this one. */
    public long generation() {
        return received.map(FallbackPlan::generation).orElse(0L);
    }

    /** The stations {@code button} rings directly while the cloud is unreachable, in order; empty if none. */
    public List<FallbackPlan.Target> targetsFor(String button) {
        return received.map(p -> p.targetsFor(button)).orElse(List.of());
    }

    /**
     * Whether the station {@code deviceId} may call this one over the mesh: one of the site's stations as the plan
     * names them, or any station while the plan names none (no plan yet, or a cloud that does not send the list).
     */
    public boolean mayCall(String deviceId) {
        return received.map(p -> p.mayCall(deviceId)).orElse(true);
    }

    /**
     * The plan kept for the station whose data folder is {@code dataDir} ({@code cloud/mesh-fallback.json}), or
     * {@link #NONE} if there is none.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws org.openintercom.provisioning.channel.ChannelFormatException naming the field if it is not a plan
     */
    public static MeshFallbackPlan keptIn(Path dataDir) {
        return load(dataDir.resolve("cloud").resolve(FILE_NAME));
    }

    /** The plan's file name, in the station's {@code cloud} folder. */
    static final String FILE_NAME = "mesh-fallback.json";

    /**
     * The plan kept in {@code file}, or {@link #NONE} if there is none.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws org.openintercom.provisioning.channel.ChannelFormatException naming the field if it is not a plan
     */
    static MeshFallbackPlan load(Path file) {
        if (!Files.exists(file)) {
            return NONE;
        }
        try {
            return ChannelJson.decode(Files.readAllBytes(file), MeshFallbackPlan.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mesh fallback plan " + file + ": " + e.getMessage(), e);
        }
    }

    void save(Path file) {
        SecureFiles.write(file, ChannelJson.encode(this), true);
    }
}
