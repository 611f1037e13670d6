package org.openintercom.cloud.calls.history;

import java.time.Instant;
import org.openintercom.provisioning.claim.DeviceId;

/** A caller snapshot a station uploaded for one of its Call-IDs: the file holding it, its size and upload time. */
public record StoredSnapshot(DeviceId station, String callId, String fileName, long sizeBytes, Instant uploadedAt) {
}
