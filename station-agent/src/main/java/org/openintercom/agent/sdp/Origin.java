package org.openintercom.agent.sdp;

import java.util.Objects;

/** The SDP origin line {@code o=username sess-id sess-version IN IP4|IP6 address}. */
public record Origin(String username, String sessionId, String sessionVersion, Connection address) {

    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(sessionVersion, "sessionVersion");
        Objects.requireNonNull(address, "address");
    }

    String line() {
        return "o=" + username + " " + sessionId + " " + sessionVersion + " IN " + address.addressType() + " "
                + address.address();
    }
}
