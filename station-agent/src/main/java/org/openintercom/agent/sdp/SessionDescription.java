package org.openintercom.agent.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable SDP session (RFC 4566) limited to what calls need: origin, session name, session-level
 * connection and the media sections. Parse with {@link SdpParser}, write with {@link SdpWriter}.
 *
 * <p>We do not use {@code javax.sdp} from JAIN-SIP: it is mutable and lenient (it accepts broken lines and
 * fails late), whereas this model is immutable and its parser is strict and names the bad line.
 */
public record SessionDescription(
        Origin origin, String sessionName, Optional<Connection> connection, List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        sessionName = sessionName == null || sessionName.isEmpty() ? "-" : sessionName;
        connection = Objects.requireNonNull(connection, "connection");
        media = List.copyOf(media);
    }

    /** The connection that applies to {@code m}: its own, else the session-level one. */
    public Optional<Connection> connectionFor(MediaDescription m) {
        return m.connection().or(() -> connection);
    }

    /** The SDP text of this session. */
    @Override
    public String toString() {
        return SdpWriter.write(this);
    }
}
