package org.openintercom.cloud.rollout;

import java.time.Instant;

/**
 * The bundle claimed devices of {@code model} are brought to when they come online; {@code projectId} 0 means
 * every project (a project's own setting wins).
 */
public record CurrentRelease(String model, long projectId, String bundleId, String setBy, Instant setAt) {

    /** The project id meaning "every project". */
    public static final long ANY_PROJECT = 0;
}
