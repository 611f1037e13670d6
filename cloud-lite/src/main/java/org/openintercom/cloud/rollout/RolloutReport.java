package org.openintercom.cloud.rollout;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard data of a rollout: counts per state overall and per wave, success and failure figures (success
 * is only COMMITTED; the rate is committed / (targets − skipped)), the devices awaiting approval and every target
 * with its state and reason (so one sees exactly which devices rolled back and why).
 */
public record RolloutReport(Rollout rollout, int targets, Map<TargetState, Integer> counts, List<WaveReport> waves,
        int committed, int failed, int skipped, double successRate, List<String> awaitingApproval,
        List<RolloutTarget> devices) {

    /** One wave: its cumulative percentage, its devices, their counts per state, and where it is. */
    public record WaveReport(int wave, int percent, int size, Map<TargetState, Integer> counts, Status status) {
    }

    /** Where a wave is. */
    public enum Status { PENDING, RUNNING, SOAKING, DONE }

    static RolloutReport of(Rollout r, List<RolloutTarget> targets) {
        Map<TargetState, Integer> counts = count(targets);
        List<WaveReport> waves = new java.util.ArrayList<>();
        for (int w = 1; w <= r.plan().waves().size(); w++) {
            int wave = w;
            List<RolloutTarget> in = targets.stream().filter(t -> t.wave() == wave).toList();
            Status status = w > r.currentWave() ? Status.PENDING
                    : w < r.currentWave() || r.state() == RolloutState.COMPLETED ? Status.DONE
                    : r.soakUntil() != null ? Status.SOAKING : Status.RUNNING;
            waves.add(new WaveReport(w, r.plan().waves().get(w - 1), in.size(), count(in), status));
        }
        int committed = counts.getOrDefault(TargetState.COMMITTED, 0);
        int failed = (int) targets.stream().filter(t -> t.state().isFailure()).count();
        int skipped = counts.getOrDefault(TargetState.SKIPPED, 0);
        int eligible = targets.size() - skipped;
        double rate = eligible == 0 ? 0 : Math.round(committed * 10000.0 / eligible) / 100.0;
        List<String> awaiting = targets.stream().filter(t -> t.state() == TargetState.AWAITING_APPROVAL)
                .map(t -> t.deviceId().value()).toList();
        return new RolloutReport(r, targets.size(), counts, List.copyOf(waves), committed, failed, skipped, rate,
                awaiting, targets);
    }

    private static Map<TargetState, Integer> count(List<RolloutTarget> targets) {
        Map<TargetState, Integer> counts = new EnumMap<>(TargetState.class);
        targets.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        return counts;
    }
}
