package org.openintercom.agent.update;

/** Health check: the firmware's self-test passes (run once; its verdict is final). */
public final class SelfTestCheck implements HealthCheck {

    private final SelfTest test;
    private HealthCheck.Result verdict;

    public SelfTestCheck(SelfTest test) {
        this.test = test;
    }

    @Override
    public String name() {
        return "self-test";
    }

    @Override
    public synchronized Result check() {
        if (verdict == null) {
            verdict = test.run();
        }
        return verdict;
    }
}
