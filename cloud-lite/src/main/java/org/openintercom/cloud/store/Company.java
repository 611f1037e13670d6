package org.openintercom.cloud.store;

import java.time.Instant;

/** A customer organisation: the top of the organisation tree. */
public record Company(long id, String name, Instant createdAt) {
}
