package org.openintercom.agent.mesh;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding a peer's TXT record: the announcement, or why it was refused.
 *
 * @param announcement present when the record was accepted
 * @param rejection present when it was refused: what was wrong, for the log (no raw peer bytes in it)
 */
public record AnnouncementDecoding(Optional<MeshAnnouncement> announcement, Optional<String> rejection) {

    public AnnouncementDecoding {
        Objects.requireNonNull(announcement, "announcement");
        Objects.requireNonNull(rejection, "rejection");
        if (announcement.isPresent() == rejection.isPresent()) {
            throw new IllegalArgumentException("a decoding is either accepted or rejected");
        }
    }

    static AnnouncementDecoding accepted(MeshAnnouncement announcement) {
        return new AnnouncementDecoding(Optional.of(announcement), Optional.empty());
    }

    static AnnouncementDecoding rejected(String reason) {
        return new AnnouncementDecoding(Optional.empty(), Optional.of(reason));
    }

    public boolean isAccepted() {
        return announcement.isPresent();
    }
}
