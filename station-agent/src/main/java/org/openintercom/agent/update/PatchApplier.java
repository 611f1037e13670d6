package org.openintercom.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Turns the running slot's image and a delta patch into the new payload. Port: the adapter is the ota module's
 * {@code DeltaPatches.apply} (zstd "patch-from"). The patch is not trusted: the updater checks every chunk it
 * produces against the signed manifest and fetches bad chunks from the full bundle.
 */
@FunctionalInterface
public interface PatchApplier {

    /** No deltas: every update downloads the full bundle. */
    PatchApplier NONE = (base, patch, target) -> {
        throw new IOException("this station applies no delta patches");
    };

    /**
     * Writes the patched payload to {@code target}.
     *
     * @throws IOException or an unchecked exception when the patch cannot be applied (the updater then falls back
     *         to the full download)
     */
    void apply(Path basePayload, InputStream patch, OutputStream target) throws IOException;
}
