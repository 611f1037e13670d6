package org.openintercom.provisioning.pki.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openintercom.provisioning.pki.PkiException;
import org.openintercom.provisioning.pki.RevocationReason;

/**
 * The issuing CA's revocation list and CRL number, kept in one JSON file rewritten atomically on every change:
 * {@code {"crlNumber": 3, "revoked": [{"serial": "hex", "reason": "KEY_COMPROMISE", "revokedAt": "..."}]}}.
 */
public final class RevocationStore {

    /** One revoked certificate. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String serial, RevocationReason reason, String revokedAt) {
        /** The serial number. */
        public BigInteger serialNumber() {
            return new BigInteger(serial, 16);
        }

        /** When it was revoked. */
        public Instant revocationTime() {
            return Instant.parse(revokedAt);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(long crlNumber, List<Entry> revoked) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private long crlNumber;
    private final List<Entry> revoked;

    private RevocationStore(Path file, long crlNumber, List<Entry> revoked) {
        this.file = file;
        this.crlNumber = crlNumber;
        this.revoked = new ArrayList<>(revoked);
    }

    /** The store in {@code file}; an empty one if the file does not exist yet. */
    public static RevocationStore open(Path file) {
        if (!Files.exists(file)) {
            return new RevocationStore(file, 0, List.of());
        }
        try {
            State s = JSON.readValue(file.toFile(), State.class);
            return new RevocationStore(file, s.crlNumber(), s.revoked() == null ? List.of() : s.revoked());
        } catch (IOException e) {
            throw new PkiException("cannot read the revocation store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a revocation; false if {@code serial} was already revoked. */
    public synchronized boolean revoke(BigInteger serial, RevocationReason reason, Instant at) {
        if (find(serial).isPresent()) {
            return false;
        }
        revoked.add(new Entry(serial.toString(16), reason, at.toString()));
        save();
        return true;
    }

    /** The revocation of {@code serial}, if revoked. */
    public synchronized Optional<Entry> find(BigInteger serial) {
        return revoked.stream().filter(e -> e.serialNumber().equals(serial)).findFirst();
    }

    /** All revocations, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(revoked);
    }

    /** Takes the next CRL number (1, 2, ...) and stores it. */
    public synchronized long nextCrlNumber() {
        crlNumber++;
        save();
        return crlNumber;
    }

    private void save() {
        try {
            SecureFiles.write(file, JSON.writeValueAsBytes(new State(crlNumber, revoked)), false);
        } catch (IOException e) {
            throw new PkiException("cannot write the revocation store " + file + ": " + e.getMessage(), e);
        }
    }
}
