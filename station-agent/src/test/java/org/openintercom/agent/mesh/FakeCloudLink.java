package org.openintercom.agent.mesh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.cloud.OfflineCallOutbox;

/**
 * A cloud link a test sets: claimed, the device channel up until the test cuts it, a fallback plan per button, the
 * relay at {@code relay.invalid}, and a real {@link OfflineCallOutbox} once {@link #useOutbox} named the station.
 */
final class FakeCloudLink implements CloudLink, AutoCloseable {

    volatile boolean claimed = true;
    volatile boolean channelUp = true;
    private final Path outboxFile;
    private final Map<String, List<String>> plan = new ConcurrentHashMap<>();
    private volatile OfflineCallOutbox outbox;
    /** Where the relay is, as {@code host:port;transport=...}: {@code sip:NAME@} this rings NAME through it. */
    volatile String relayAt = "relay.invalid:5061;transport=tls";

    FakeCloudLink(Path outboxFile) {
        this.outboxFile = outboxFile;
    }

    /** Opens the outbox for the station {@code deviceId} and returns it. */
    OfflineCallOutbox useOutbox(String deviceId) {
        outbox = OfflineCallOutbox.open(outboxFile, deviceId);
        return outbox;
    }

    void plan(String button, String... deviceIds) {
        plan.put(button, List.of(deviceIds));
    }

    @Override
    public boolean claimed() {
        return claimed;
    }

    @Override
    public boolean channelUp() {
        return channelUp;
    }

    @Override
    public List<String> fallbackTargets(String button) {
        return plan.getOrDefault(button, List.of());
    }

    @Override
    public Optional<String> relayName(String callTarget) {
        String suffix = "@" + relayAt;
        return callTarget.startsWith("sip:") && callTarget.endsWith(suffix)
                ? Optional.of(callTarget.substring(4, callTarget.length() - suffix.length())) : Optional.empty();
    }

    @Override
    public void recordOfflineCall(CallRecord call, String target, List<String> targetsRung,
            Optional<String> answeredBy) {
        OfflineCallOutbox o = outbox;
        if (o == null) {
            throw new IllegalStateException("no outbox: the test did not ask for one");
        }
        o.add(call, target, targetsRung, answeredBy);
    }

    @Override
    public void close() {
        OfflineCallOutbox o = outbox;
        if (o != null) {
            o.close();
        }
    }
}
