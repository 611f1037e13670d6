package org.openintercom.agent.update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The health check of a trial slot: asks every {@link HealthCheck} on the updater's worker, again every poll
 * interval, until all have passed (then {@code passed}), one has failed for good, or the deadline is reached
 * with a check still pending (then {@code failed} with the check's name and what it said).
 */
final class TrialCheck implements Runnable {

    private final List<HealthCheck> checks;
    private final Clock clock;
    private final Duration budget;
    private final Instant deadline;
    private final Duration poll;
    private final ScheduledExecutorService worker;
    private final Runnable passed;
    private final Consumer<String> failed;

    TrialCheck(List<HealthCheck> checks, Clock clock, Duration budget, Duration poll,
            ScheduledExecutorService worker, Runnable passed, Consumer<String> failed) {
        this.checks = checks;
        this.clock = clock;
        this.budget = budget;
        this.deadline = clock.instant().plus(budget);
        this.poll = poll;
        this.worker = worker;
        this.passed = passed;
        this.failed = failed;
    }

    @Override
    public void run() {
        String pending = null;
        for (HealthCheck check : checks) {
            HealthCheck.Result r;
            try {
                r = check.check();
            } catch (RuntimeException e) {
                r = HealthCheck.Result.failed("the check itself failed: " + e);
            }
            if (r.status() == HealthCheck.Status.FAILED) {
                failed.accept(check.name() + " failed: " + r.detail());
                return;
            }
            if (r.status() == HealthCheck.Status.PENDING && pending == null) {
                pending = check.name() + " did not pass within " + budget.toMillis() + " ms: " + r.detail();
            }
        }
        if (pending == null) {
            passed.run();
        } else if (!clock.instant().isBefore(deadline)) {
            failed.accept(pending);
        } else {
            worker.schedule(this, poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
