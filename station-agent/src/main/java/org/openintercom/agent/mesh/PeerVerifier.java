package org.openintercom.agent.mesh;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Proves that the station at an address is the one its announcement names, by reaching it; used both to admit a
 * newly announced peer and, every probe interval, to check that a known one is still there.
 */
public interface PeerVerifier {

    /**
     * Reaches {@code address} and checks what it shows against {@code announcement}. Blocks at most for the
     * verifier's own timeouts; never throws for anything the peer or the network does.
     */
    Verification verify(MeshAnnouncement announcement, InetSocketAddress address);

    /**
     * One verification's outcome.
     *
     * @param kind trusted, rejected (it answered with something we do not accept) or unreachable
     * @param reason why it was rejected or unreachable; empty when trusted
     */
    record Verification(Kind kind, String reason) {

        /** What a verification found. */
        public enum Kind { TRUSTED, REJECTED, UNREACHABLE }

        public Verification {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        public static Verification trusted() {
            return new Verification(Kind.TRUSTED, "");
        }

        public static Verification rejected(String reason) {
            return new Verification(Kind.REJECTED, reason);
        }

        public static Verification unreachable(String reason) {
            return new Verification(Kind.UNREACHABLE, reason);
        }
    }
}
