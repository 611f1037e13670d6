package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A ring group: members rung in parallel or one after the other, opening hours in the group's time zone, a queue
 * for callers while every member is busy, and what to do when closed, unanswered or the queue is full.
 *
 * <p>{@code advanceSeconds} is how long each member rings in a sequential group. {@code noAnswerSeconds} is how
 * long a parallel group rings before its no-answer action; in a sequential group it caps the total ringing time
 * (0: no cap, every member gets its full turn). {@code maxQueue} 0 means no queue: a call finding every member busy
 * gets the queue-full action. {@code openingHours} null means always open; a null action means hang up.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RingGroup(String id, String name, RingStrategy strategy, List<GroupMember> members,
                        int advanceSeconds, int noAnswerSeconds, boolean earlyMedia, ZoneId zone,
                        OpeningHours openingHours, GroupAction whenClosed, GroupAction onNoAnswer,
                        int maxQueue, GroupAction whenQueueFull) {

    public static final int MAX_PARALLEL_MEMBERS = 32;
    public static final int MAX_SEQUENTIAL_MEMBERS = 100;
    public static final int MIN_ADVANCE_SECONDS = 5;
    public static final int MAX_ADVANCE_SECONDS = 120;
    public static final int MIN_NO_ANSWER_SECONDS = 5;
    public static final int MAX_NO_ANSWER_SECONDS = 600;
    public static final int MAX_QUEUE = 100;

    public RingGroup {
        members = members == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(members));
        whenClosed = whenClosed == null ? GroupAction.hangUp() : whenClosed;
        onNoAnswer = onNoAnswer == null ? GroupAction.hangUp() : onNoAnswer;
        whenQueueFull = whenQueueFull == null ? GroupAction.hangUp() : whenQueueFull;
    }

    /**
     * A group with defaults: 20 s per member, a parallel group rings 60 s (a sequential one gives every member its
     * turn), early media, always open, no queue, hang up.
     */
    public static RingGroup of(String id, RingStrategy strategy, ZoneId zone, List<GroupMember> members) {
        return new RingGroup(id, id, strategy, members, 20, strategy == RingStrategy.PARALLEL ? 60 : 0, true, zone,
                null, null, null, 0, null);
    }

    public RingGroup withMembers(List<GroupMember> newMembers) {
        return new RingGroup(id, name, strategy, newMembers, advanceSeconds, noAnswerSeconds, earlyMedia, zone,
                openingHours, whenClosed, onNoAnswer, maxQueue, whenQueueFull);
    }

    public RingGroup withTiming(int newAdvanceSeconds, int newNoAnswerSeconds) {
        return new RingGroup(id, name, strategy, members, newAdvanceSeconds, newNoAnswerSeconds, earlyMedia, zone,
                openingHours, whenClosed, onNoAnswer, maxQueue, whenQueueFull);
    }

    public RingGroup withOpeningHours(OpeningHours hours, GroupAction closedAction) {
        return new RingGroup(id, name, strategy, members, advanceSeconds, noAnswerSeconds, earlyMedia, zone,
                hours, closedAction, onNoAnswer, maxQueue, whenQueueFull);
    }

    public RingGroup withNoAnswer(GroupAction action) {
        return new RingGroup(id, name, strategy, members, advanceSeconds, noAnswerSeconds, earlyMedia, zone,
                openingHours, whenClosed, action, maxQueue, whenQueueFull);
    }

    public RingGroup withQueue(int newMaxQueue, GroupAction queueFullAction) {
        return new RingGroup(id, name, strategy, members, advanceSeconds, noAnswerSeconds, earlyMedia, zone,
                openingHours, whenClosed, onNoAnswer, newMaxQueue, queueFullAction);
    }

    /** Whether the group takes calls at {@code at}, evaluated on the wall clock of the group's zone. */
    public boolean isOpenAt(Instant at) {
        return openingHours == null || openingHours.isOpen(at.atZone(zone).toLocalDateTime());
    }

    /** Every problem, one {@code path: message} line each; empty when the group is valid. */
    public List<String> validate() {
        Problems p = new Problems();
        if (Problems.blank(id)) {
            p.add("id", "required");
        }
        if (strategy == null) {
            p.add("strategy", "required (PARALLEL, PRIORITY, LEAST_CALLED or RANDOM)");
        }
        if (zone == null) {
            p.add("zone", "required (e.g. Europe/Berlin)");
        }
        int max = strategy == RingStrategy.PARALLEL ? MAX_PARALLEL_MEMBERS : MAX_SEQUENTIAL_MEMBERS;
        if (members.size() > max) {
            p.add("members", "at most " + max + " members in a " + (strategy == null ? "" : strategy + " ")
                    + "group, got " + members.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            GroupMember m = members.get(i);
            String path = Problems.at("members", i);
            if (m == null) {
                p.add(path, "required");
                continue;
            }
            m.check(path, p);
            if (m.userId() != null && !seen.add(m.userId())) {
                p.add(Problems.at(path, "userId"), "'" + m.userId() + "' is already a member");
            }
        }
        if (strategy != null && strategy.sequential()
                && (advanceSeconds < MIN_ADVANCE_SECONDS || advanceSeconds > MAX_ADVANCE_SECONDS)) {
            p.add("advanceSeconds", "must be " + MIN_ADVANCE_SECONDS + ".." + MAX_ADVANCE_SECONDS + ", got "
                    + advanceSeconds);
        }
        boolean noCapAllowed = strategy != null && strategy.sequential() && noAnswerSeconds == 0;
        if (!noCapAllowed && (noAnswerSeconds < MIN_NO_ANSWER_SECONDS || noAnswerSeconds > MAX_NO_ANSWER_SECONDS)) {
            p.add("noAnswerSeconds", "must be " + MIN_NO_ANSWER_SECONDS + ".." + MAX_NO_ANSWER_SECONDS
                    + (strategy != null && strategy.sequential() ? " (or 0: no cap)" : "") + ", got "
                    + noAnswerSeconds);
        }
        if (maxQueue < 0 || maxQueue > MAX_QUEUE) {
            p.add("maxQueue", "must be 0.." + MAX_QUEUE + ", got " + maxQueue);
        }
        if (openingHours != null) {
            openingHours.check("openingHours", p);
        }
        whenClosed.check("whenClosed", p);
        onNoAnswer.check("onNoAnswer", p);
        whenQueueFull.check("whenQueueFull", p);
        if (id != null) {
            java.util.Map<String, GroupAction> actions = new java.util.LinkedHashMap<>();
            actions.put("whenClosed", whenClosed);
            actions.put("onNoAnswer", onNoAnswer);
            actions.put("whenQueueFull", whenQueueFull);
            actions.forEach((field, action) -> {
                Destination to = action.forwardTo();
                if (to != null && to.type() == Destination.Type.GROUP && id.equals(to.value())) {
                    p.add(field + ".forwardTo", "forwards to the group itself");
                }
            });
        }
        return p.list();
    }

    /** This group, or {@link InvalidRoutingConfigException} listing every problem. */
    public RingGroup requireValid() {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new InvalidRoutingConfigException("ring group '" + id + "'", problems);
        }
        return this;
    }
}
