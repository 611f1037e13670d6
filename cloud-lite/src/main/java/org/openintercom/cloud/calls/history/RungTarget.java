package org.openintercom.cloud.calls.history;

import java.time.Instant;

/** One target the relay rang: its wave (1 = first), its place in the wave (0 = first) and when it was rung. */
public record RungTarget(int wave, int position, String target, Instant rungAt) {
}
