package org.openintercom.agent.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which chunks of a partial payload are on disk and verified, kept in {@code chunks.json} next to it and
 * rewritten atomically after every chunk (the chunk's bytes are synced first), so a restart, even after a power
 * cut, fetches only what is missing. Also remembers whether a delta was tried (a delta is tried once).
 */
final class ChunkLedger {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkLedger.class);

    /** The file's content. */
    record Saved(String payloadSha256, int chunkCount, boolean deltaTried, List<Integer> done) {
    }

    private final Path file;
    private final String payloadSha256;
    private final int chunkCount;
    private final BitSet done = new BitSet();
    private boolean deltaTried;

    private ChunkLedger(Path file, String payloadSha256, int chunkCount) {
        this.file = file;
        this.payloadSha256 = payloadSha256;
        this.chunkCount = chunkCount;
    }

    /** The ledger kept in {@code file} for this payload, or a new empty one (also when it was for another payload). */
    static ChunkLedger load(Path file, String payloadSha256, int chunkCount) {
        ChunkLedger ledger = new ChunkLedger(file, payloadSha256, chunkCount);
        if (Files.exists(file)) {
            try {
                Saved s = ChannelJson.decode(Files.readAllBytes(file), Saved.class);
                if (s.payloadSha256().equals(payloadSha256) && s.chunkCount() == chunkCount) {
                    s.done().stream().filter(i -> i >= 0 && i < chunkCount).forEach(ledger.done::set);
                    ledger.deltaTried = s.deltaTried();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("unreadable {}, starting the download over: {}", file, e.getMessage());
            }
        }
        return ledger;
    }

    boolean isDone(int chunk) {
        return done.get(chunk);
    }

    int doneCount() {
        return done.cardinality();
    }

    int chunkCount() {
        return chunkCount;
    }

    boolean complete() {
        return done.cardinality() == chunkCount;
    }

    boolean deltaTried() {
        return deltaTried;
    }

    void markDone(int chunk) {
        done.set(chunk);
        save();
    }

    void markDone(List<Integer> chunks) {
        chunks.forEach(done::set);
        save();
    }

    void markBad(List<Integer> chunks) {
        chunks.forEach(done::clear);
        save();
    }

    void markDeltaTried() {
        deltaTried = true;
        save();
    }

    private void save() {
        List<Integer> list = new ArrayList<>(done.cardinality());
        done.stream().forEach(list::add);
        SecureFiles.write(file, ChannelJson.encode(new Saved(payloadSha256, chunkCount, deltaTried, list)), false);
    }
}
