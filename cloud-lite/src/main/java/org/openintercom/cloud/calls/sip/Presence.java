package org.openintercom.cloud.calls.sip;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in a call right now (busy members are skipped or queued for) and how many calls each member of each
 * group answered on a local day (for least-called-first groups). Fed by the proxy: a branch to a user answers, a
 * BYE ends the dialog. In memory; counts of past days are dropped as days pass.
 */
final class Presence {

    /** The user who answered, by Call-ID, while the dialog lasts. */
    private final Map<String, String> answered = new ConcurrentHashMap<>();
    private final Map<String, Integer> busy = new ConcurrentHashMap<>();
    private final Map<String, Integer> callsToday = new ConcurrentHashMap<>();

    void answered(String callId, String user) {
        if (answered.putIfAbsent(callId, user) == null) {
            busy.merge(user, 1, Integer::sum);
        }
    }

    void ended(String callId) {
        String user = answered.remove(callId);
        if (user != null) {
            busy.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
        }
    }

    boolean isBusy(String user) {
        return busy.containsKey(user);
    }

    void countAnswer(String groupId, String user, LocalDate day) {
        callsToday.keySet().removeIf(k -> LocalDate.parse(k.substring(0, k.indexOf('|'))).isBefore(day.minusDays(1)));
        callsToday.merge(day + "|" + groupId + "|" + user, 1, Integer::sum);
    }

    int callsToday(String groupId, String user, LocalDate day) {
        return callsToday.getOrDefault(day + "|" + groupId + "|" + user, 0);
    }
}
