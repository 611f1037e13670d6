package org.openintercom.agent.update;

/**
 * The firmware's own test of the hardware it drives, run once in a trial slot. Port; {@link EmulatedSelfTest}
 * for emulated stations.
 */
@FunctionalInterface
public interface SelfTest {

    /** Runs the test: passed, or failed with what is wrong. */
    HealthCheck.Result run();
}
