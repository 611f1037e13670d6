package org.openintercom.cloud.firmware;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where bundle and patch files are kept, by key (e.g. {@code bundles/<bundleId>.oib}); objects are written
 * once from a finished local file and then only read, in ranges, or deleted.
 * Implementations: {@link DiskBundleStorage} (default) and {@link S3BundleStorage}.
 * Failures of the storage itself are {@link java.io.UncheckedIOException}s with a message naming the key.
 */
public interface BundleStorage {

    /** Stores the finished file {@code source} under {@code key}; the source may be moved away or consumed. */
    void put(String key, Path source);

    /**
     * The bytes {@code offset .. offset+length-1} of the object; the caller closes the stream.
     *
     * @throws java.util.NoSuchElementException if there is no object under {@code key}
     */
    InputStream open(String key, long offset, long length);

    /** The object's size, or empty if there is none under {@code key}. */
    OptionalLong size(String key);

    /** Deletes the object; false if there was none. */
    boolean delete(String key);

    /** For logs: where objects go, e.g. {@code disk /var/lib/oi/firmware}. */
    String describe();

    /** The key of a bundle. */
    static String bundleKey(String bundleId) {
        return "bundles/" + bundleId + ".oib";
    }

    /** The key of the patch from bundle {@code baseBundleId} to {@code targetBundleId}. */
    static String deltaKey(String baseBundleId, String targetBundleId) {
        return "deltas/" + targetBundleId + "-from-" + baseBundleId + ".patch";
    }
}
