package org.openintercom.cloud.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an operator asks for: the bundle, the targets (models, sites, projects: a device is a target when it is
 * claimed, the bundle runs on its model, its model is among {@code models} if any are given, and it is in one of
 * {@code siteIds} or {@code projectIds} if any are given), the waves as cumulative percentages of the targets
 * ({@code [10, 40, 100]}), the soak time after each wave, how long a wave waits for slow devices, and the abort rule.
 */
public record RolloutPlan(String bundleId, List<String> models, List<Long> siteIds, List<Long> projectIds,
        List<Integer> waves, Duration soak, Duration waveTimeout, AbortRule abortRule) {

    /** A wave waits this long for its devices unless the plan says otherwise. */
    public static final Duration DEFAULT_WAVE_TIMEOUT = Duration.ofHours(24);

    public RolloutPlan {
        models = models == null ? List.of() : List.copyOf(models);
        siteIds = siteIds == null ? List.of() : List.copyOf(siteIds);
        projectIds = projectIds == null ? List.of() : List.copyOf(projectIds);
        waves = waves == null ? List.of() : List.copyOf(waves);
        soak = soak == null ? Duration.ZERO : soak;
        waveTimeout = waveTimeout == null ? DEFAULT_WAVE_TIMEOUT : waveTimeout;
        abortRule = abortRule == null ? AbortRule.none() : abortRule;
    }

    /** What is wrong with the plan, naming the field, or empty when it is valid. */
    public Optional<String> problem() {
        if (bundleId == null || !bundleId.matches("[0-9a-f]{64}")) {
            return Optional.of("field 'bundleId' must be the 64 lower-case hex digits of a bundle, was " + bundleId);
        }
        for (String m : models) {
            if (m == null || !m.matches("[A-Za-z0-9._-]{1,64}")) {
                return Optional.of("field 'models' holds '" + m + "', which is not a model name");
            }
        }
        if (waves.isEmpty()) {
            return Optional.of("field 'waves' must list cumulative percentages ending with 100, e.g. [10, 40, 100]");
        }
        int previous = 0;
        for (Integer w : waves) {
            if (w == null || w <= previous || w > 100) {
                return Optional.of("field 'waves' must rise strictly from 1 to 100, was " + waves);
            }
            previous = w;
        }
        if (previous != 100) {
            return Optional.of("field 'waves' must end with 100 (every target), was " + waves);
        }
        if (soak.isNegative()) {
            return Optional.of("field 'soakSeconds' must not be negative");
        }
        if (waveTimeout.isNegative() || waveTimeout.isZero()) {
            return Optional.of("field 'waveTimeoutSeconds' must be positive");
        }
        if (abortRule.maxFailurePercent().filter(p -> p < 0 || p > 100).isPresent()) {
            return Optional.of("field 'abortRule.maxFailurePercent' must be 0 to 100");
        }
        if (abortRule.maxFailures().filter(n -> n < 1).isPresent()) {
            return Optional.of("field 'abortRule.maxFailures' must be at least 1");
        }
        return Optional.empty();
    }
}
