package org.openintercom.cloud.calls.sip;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The location service: which contacts each address of record has registered, until when. In memory, like
 * Kamailio's {@code usrloc} with {@code db_mode 0}; phones re-register well within their interval, so a relay
 * restart costs at most one interval of reachability. Thread-safe.
 */
public final class Location {

    private final Map<String, List<Binding>> bindings = new ConcurrentHashMap<>();
    private final Clock clock;

    public Location(Clock clock) {
        this.clock = clock;
    }

    /** The live contacts of {@code aor}, newest registration first. */
    public List<Binding> lookup(String aor) {
        Instant now = clock.instant();
        List<Binding> live = new ArrayList<>();
        for (Binding b : bindings.getOrDefault(aor, List.of())) {
            if (b.liveAt(now)) {
                live.add(b);
            }
        }
        return live;
    }

    /** Whether {@code aor} has a live contact. */
    public boolean isRegistered(String aor) {
        return !lookup(aor).isEmpty();
    }

    /**
     * Adds or refreshes {@code binding} (same contact URI replaces), or removes the contact when it expires now
     * or earlier. A REGISTER with the same Call-ID and a CSeq not above the stored one is out of order: ignored.
     *
     * @return false when the update was ignored as out of order
     */
    boolean update(Binding binding) {
        boolean[] applied = {true};
        bindings.compute(binding.aor(), (aor, old) -> {
            Instant now = clock.instant();
            List<Binding> next = new ArrayList<>();
            for (Binding b : old == null ? List.<Binding>of() : old) {
                if (!b.liveAt(now)) {
                    continue;
                }
                if (b.contact().equals(binding.contact())) {
                    if (b.callId() != null && b.callId().equals(binding.callId()) && binding.cseq() <= b.cseq()) {
                        applied[0] = false;
                        next.add(b);
                    }
                    continue;
                }
                next.add(b);
            }
            if (applied[0] && binding.liveAt(now)) {
                next.add(0, binding);
            }
            return next.isEmpty() ? null : List.copyOf(next);
        });
        return applied[0];
    }

    /** Removes every contact of {@code aor} ({@code Contact: *} with {@code Expires: 0}). */
    void removeAll(String aor) {
        bindings.remove(aor);
    }

    /** Drops lapsed bindings (called now and then; lookups ignore them anyway). */
    void purge() {
        Instant now = clock.instant();
        bindings.replaceAll((aor, list) -> list.stream().filter(b -> b.liveAt(now)).toList());
        bindings.values().removeIf(List::isEmpty);
    }

    /** How many addresses of record have live contacts. */
    public int size() {
        purge();
        return bindings.size();
    }
}
