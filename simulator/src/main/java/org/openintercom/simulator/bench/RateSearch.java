package org.openintercom.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the highest clean call rate by stepping the rate up: doubling from the start rate until a step fails, then
 * from the last clean rate up again in steps of a tenth of it until a step fails. A step is clean when fewer than
 * {@code failLimitPercent} of its calls failed and the load generator kept the rate; the result is the last clean
 * step. Pure bookkeeping: the caller runs each step and {@link #record records} it.
 */
final class RateSearch {

    /**
     * One step of the search.
     *
     * @param rate the offered rate, calls/s
     * @param calls calls placed
     * @param failed calls that failed
     * @param keptPace whether every call was placed within the step's time (a generator that falls behind offered
     *     less than {@code rate})
     * @param serverCpuSeconds CPU the server under test used during the step
     * @param loadCpuSeconds CPU the load generators (the sipp caller and callee) used during the step
     * @param socketDrops datagrams the kernel dropped at the server's full UDP receive buffer during the step (-1:
     *     unknown)
     */
    record Step(int rate, long calls, long failed, boolean keptPace, double serverCpuSeconds, double loadCpuSeconds,
            long socketDrops) {

        double failedPercent() {
            return calls == 0 ? 100.0 : failed * 100.0 / calls;
        }

        /** Server CPU seconds per 1,000 calls. */
        double cpuPerThousandCalls() {
            return calls == 0 ? Double.NaN : serverCpuSeconds * 1000 / calls;
        }

        boolean clean(double failLimitPercent) {
            return calls > 0 && keptPace && failedPercent() < failLimitPercent;
        }

        String summary() {
            return String.format(Locale.ROOT, "%d calls/s: %d calls, %d failed (%.3f %%)%s; server CPU %.2f s = %.3f"
                    + " s per 1,000 calls (sipp %.2f s); %s datagrams dropped at the server's socket", rate, calls,
                    failed, failedPercent(), keptPace ? "" : ", generator fell behind", serverCpuSeconds,
                    cpuPerThousandCalls(), loadCpuSeconds, socketDrops < 0 ? "?" : Long.toString(socketDrops));
        }
    }

    private final int maxRate;
    private final double failLimitPercent;
    private final List<Step> steps = new ArrayList<>();
    private Integer next;
    private Integer firstFailedRate;
    private int fineIncrement;

    /** A search from {@code startRate}, never above {@code maxRate}, failing a step at {@code failLimitPercent}. */
    RateSearch(int startRate, int maxRate, double failLimitPercent) {
        if (startRate < 1 || maxRate < startRate) {
            throw new IllegalArgumentException("need 1 <= start rate <= max rate, not " + startRate + " and "
                    + maxRate);
        }
        this.maxRate = maxRate;
        this.failLimitPercent = failLimitPercent;
        this.next = startRate;
    }

    /** The rate to try next, empty when the search is over. */
    OptionalInt next() {
        return next == null ? OptionalInt.empty() : OptionalInt.of(next);
    }

    /** Whether {@code step} counts as clean in this search. */
    boolean clean(Step step) {
        return step.clean(failLimitPercent);
    }

    /** Records the step just run at {@link #next()} and decides the next one. */
    void record(Step step) {
        if (next == null || step.rate() != next) {
            throw new IllegalStateException("expected a step at " + next + " calls/s, got " + step.rate());
        }
        steps.add(step);
        boolean clean = step.clean(failLimitPercent);
        if (firstFailedRate == null) { // doubling
            if (clean) {
                next = step.rate() >= maxRate ? null : Math.min(maxRate, step.rate() * 2);
                return;
            }
            firstFailedRate = step.rate();
            Optional<Step> clean0 = lastClean();
            if (clean0.isEmpty()) {
                next = null;
                return;
            }
            fineIncrement = Math.max(1, clean0.get().rate() / 10);
            next = upTo(clean0.get().rate() + fineIncrement);
        } else { // fine steps up from the last clean rate
            next = clean ? upTo(step.rate() + fineIncrement) : null;
        }
    }

    /** {@code rate} if it is below the rate that already failed, else none. */
    private Integer upTo(int rate) {
        return rate < firstFailedRate ? rate : null;
    }

    /** The highest clean step (the last one, since the rate only goes up between failures). */
    Optional<Step> lastClean() {
        return steps.stream().filter(s -> s.clean(failLimitPercent)).reduce((a, b) -> b.rate() >= a.rate() ? b : a);
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }
}
