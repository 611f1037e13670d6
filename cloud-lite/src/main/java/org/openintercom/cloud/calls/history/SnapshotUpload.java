package org.openintercom.cloud.calls.history;

/** What became of a snapshot a station uploaded: stored, or refused with the reason. */
public record SnapshotUpload(Kind kind, String detail) {

    /** The outcomes, each with the HTTP status the device API answers. */
    public enum Kind {
        /** Stored for the first time (201). */
        STORED(201),
        /** Replaced the station's earlier upload for the same call (200). */
        REPLACED(200),
        /** The Call-ID is empty, too long or not visible ASCII (400). */
        INVALID_CALL_ID(400),
        /** The call was placed by another station (403). */
        NOT_YOUR_CALL(403),
        /** Larger than {@link SnapshotStore#MAX_BYTES} (413). */
        TOO_LARGE(413),
        /** Not a JPEG (415). */
        NOT_JPEG(415),
        /** The station has too many snapshots for calls not recorded (yet) (429). */
        TOO_MANY_UNLINKED(429);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /** Whether the snapshot was kept. */
    public boolean isStored() {
        return kind == Kind.STORED || kind == Kind.REPLACED;
    }
}
