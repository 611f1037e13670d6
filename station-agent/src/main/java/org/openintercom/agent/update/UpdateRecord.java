package org.openintercom.agent.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * The updater's persistent state ({@code update-state.json}): the assignment it works on, the step it reached,
 * the reason of a refusal, failure or failed health check, and the SHA-256 of the payload once verified. Written
 * atomically before each step starts, so a restart resumes that step.
 */
record UpdateRecord(FirmwareAssignment assignment, UpdateProgress.State state, Optional<String> reason,
        Optional<String> message, Optional<String> payloadSha256) {

    static final String FILE = "update-state.json";

    UpdateRecord {
        reason = reason == null ? Optional.empty() : reason;
        message = message == null ? Optional.empty() : message;
        payloadSha256 = payloadSha256 == null ? Optional.empty() : payloadSha256;
    }

    static UpdateRecord start(FirmwareAssignment a) {
        return new UpdateRecord(a, UpdateProgress.State.DOWNLOADING, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    UpdateRecord in(UpdateProgress.State next) {
        return new UpdateRecord(assignment, next, reason, message, payloadSha256);
    }

    UpdateRecord ended(UpdateProgress.State next, String why, String text) {
        return new UpdateRecord(assignment, next, Optional.ofNullable(why), Optional.ofNullable(text),
                payloadSha256);
    }

    UpdateRecord verified(String sha256) {
        return new UpdateRecord(assignment, UpdateProgress.State.WAITING_TO_INSTALL, reason, message,
                Optional.of(sha256));
    }

    static Optional<UpdateRecord> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChannelJson.decode(Files.readAllBytes(file), UpdateRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void save(Path file) {
        SecureFiles.write(file, ChannelJson.encode(this), false);
    }
}
