package org.openintercom.cloud.store;

import java.time.Instant;

/** A project of a company (a building, an estate). */
public record Project(long id, long companyId, String name, Instant createdAt) {
}
