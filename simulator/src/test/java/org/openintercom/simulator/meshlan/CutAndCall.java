package org.openintercom.simulator.meshlan;

import java.time.Duration;

/**
 * One failover, timed: the cloud is cut, the door station's link mode turns MESH, its {@code call} button is pressed,
 * both indoor stations ring (over the mesh), the kitchen answers and the door station is connected.
 */
record CutAndCall(Duration toMesh, Duration toRinging, Duration toAnswered, StationReport doorRinging,
        StationReport kitchenRinging, StationReport doorConnected) {

    private static final Duration MODE = Duration.ofSeconds(90);
    private static final Duration CALL = Duration.ofSeconds(15);

    static CutAndCall perform(ThreeStationLan lan) {
        long t0 = System.nanoTime();
        lan.cutCloud();
        lan.door.await("in MESH mode after the cut", MODE, r -> r.get("mode").equals("MESH"));
        Duration toMesh = since(t0);
        lan.door.press("call");
        StationReport doorRinging = lan.door.await("calling", CALL, r -> !r.get("call").equals("-"));
        lan.hall.await("ringing", CALL, r -> r.get("call").equals("INCOMING"));
        StationReport kitchenRinging = lan.kitchen.await("ringing", CALL, r -> r.get("call").equals("INCOMING"));
        Duration toRinging = since(t0);
        lan.kitchen.press("answer");
        StationReport doorConnected = lan.door.await("connected", CALL, r -> r.get("call").equals("CONNECTED"));
        return new CutAndCall(toMesh, toRinging, since(t0), doorRinging, kitchenRinging, doorConnected);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public String toString() {
        return "cloud cut -> MESH " + toMesh.toMillis() + " ms, -> both indoor stations ringing " + toRinging.toMillis()
                + " ms, -> answered " + toAnswered.toMillis() + " ms";
    }
}
