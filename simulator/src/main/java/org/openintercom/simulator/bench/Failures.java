package org.openintercom.simulator.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts failed steps and keeps the first message of each kind, so a failure is reported, never skipped. */
final class Failures {

    private final AtomicInteger count = new AtomicInteger();
    private final Map<String, Integer> byStep = new LinkedHashMap<>();
    private final Map<String, String> firstMessage = new LinkedHashMap<>();

    /** Records that {@code step} failed with {@code error}. */
    void record(String step, Throwable error) {
        count.incrementAndGet();
        synchronized (byStep) {
            byStep.merge(step, 1, Integer::sum);
            firstMessage.putIfAbsent(step, describe(error));
        }
    }

    int count() {
        return count.get();
    }

    /** "0 failures" or "3 failures (enroll 2: first: ...; connect 1: first: ...)". */
    String summary() {
        synchronized (byStep) {
            if (byStep.isEmpty()) {
                return "0 failures";
            }
            StringBuilder s = new StringBuilder().append(count()).append(count() == 1 ? " failure (" : " failures (");
            String sep = "";
            for (Map.Entry<String, Integer> e : byStep.entrySet()) {
                s.append(sep).append(e.getKey()).append(' ').append(e.getValue()).append(", first: ")
                        .append(firstMessage.get(e.getKey()));
                sep = "; ";
            }
            return s.append(')').toString();
        }
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        StringBuilder s = new StringBuilder(String.valueOf(t));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            s.append(" <- ").append(t);
        }
        return s.toString();
    }
}
