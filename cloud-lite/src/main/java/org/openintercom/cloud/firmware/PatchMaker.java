package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes a patch that turns one payload into another (unsigned: the device checks every produced chunk against
 * the target's signed manifest). The production maker is zstd "patch-from" ({@code DeltaPatches} in the ota
 * module); cloud-lite makes no deltas when none is configured.
 */
@FunctionalInterface
public interface PatchMaker {

    /**
     * Writes to {@code patchOut} a patch from {@code basePayload} to {@code targetPayload}.
     *
     * @throws IOException if a file cannot be read or written
     */
    void make(Path basePayload, Path targetPayload, Path patchOut) throws IOException;
}
