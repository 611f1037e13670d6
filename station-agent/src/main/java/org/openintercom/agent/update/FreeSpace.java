package org.openintercom.agent.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes may still be written in a folder. Port, so a test can simulate a full disk without filling one
 * (the default asks the file store).
 */
@FunctionalInterface
public interface FreeSpace {

    /** The file store's usable space. */
    FreeSpace FILE_STORE = dir -> {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask the free space of " + dir + ": " + e.getMessage(), e);
        }
    };

    long usableBytes(Path dir);
}
