package org.openintercom.simulator.meshlan;

import java.time.Duration;

/**
 * One press right after the cloud was cut, timed: the cloud is cut, a second later (the door station still in CLOUD
 * mode: nothing has told it yet) its {@code call} button is pressed, both indoor stations ring (over the mesh, once the
 * relay did not answer: the call-time fallback), the kitchen answers; then how long the door took to turn MESH.
 */
record PressDuringCut(String modeAtPress, Duration pressToRinging, Duration pressToAnswered, Duration cutToMesh) {

    private static final Duration PRESS_AFTER = Duration.ofSeconds(1);
    private static final Duration MODE = Duration.ofSeconds(90);
    private static final Duration CALL = Duration.ofSeconds(15);

    static PressDuringCut perform(ThreeStationLan lan) {
        long cut = System.nanoTime();
        lan.cutCloud();
        sleep(PRESS_AFTER.minus(since(cut)));
        String mode = lan.door.report().get("mode");
        long pressed = System.nanoTime();
        lan.door.press("call");
        lan.hall.await("ringing", CALL, r -> r.get("call").equals("INCOMING"));
        lan.kitchen.await("ringing", CALL, r -> r.get("call").equals("INCOMING"));
        Duration toRinging = since(pressed);
        lan.kitchen.press("answer");
        lan.door.await("connected", CALL, r -> r.get("call").equals("CONNECTED"));
        Duration toAnswered = since(pressed);
        lan.door.await("in MESH mode after the cut", MODE, r -> r.get("mode").equals("MESH"));
        return new PressDuringCut(mode, toRinging, toAnswered, since(cut));
    }

    private static void sleep(Duration d) {
        if (d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public String toString() {
        return "press 1 s after the cut (mode " + modeAtPress + ") -> both indoor stations ringing "
                + pressToRinging.toMillis() + " ms, -> answered " + pressToAnswered.toMillis() + " ms; cut -> MESH "
                + cutToMesh.toMillis() + " ms";
    }
}
