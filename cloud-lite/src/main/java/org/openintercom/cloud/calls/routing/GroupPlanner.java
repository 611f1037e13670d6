package org.openintercom.cloud.calls.routing;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The steps for a call reaching a ring group: closed action outside opening hours, queue when every member is
 * busy (or callers already wait), one Ring step for a parallel group or one per member for a sequential one, then
 * the no-answer action.
 */
final class GroupPlanner {

    private final Planner planner;
    private final RingGroup group;
    private final List<String> path;
    private final String name;
    private final LocalDateTime local;

    GroupPlanner(Planner planner, RingGroup group, List<String> path) {
        this.planner = planner;
        this.group = group;
        this.path = path;
        this.name = "group:" + group.id();
        this.local = planner.request().at().atZone(group.zone()).toLocalDateTime();
    }

    void plan() {
        if (!group.isOpenAt(planner.request().at())) {
            String reason = group.openingHours().holidayOn(local.toLocalDate())
                    .map(h -> "holiday " + h.name() + " (" + h.date() + ")")
                    .orElse("outside opening hours (" + local.getDayOfWeek() + " " + local.toLocalTime()
                            + " " + group.zone() + ")");
            planner.context().queue(group).remove(planner.request().callId());
            planner.action(group.whenClosed(), HangUpReason.CLOSED, name + " closed: " + reason, path);
            return;
        }
        MemberExpander expander = new MemberExpander(planner.context(), planner.request().at());
        List<MemberExpander.Expansion> members = ordered().stream().map(expander::expand).toList();
        List<MemberExpander.Expansion> ringable = members.stream().filter(MemberExpander.Expansion::ringable).toList();
        boolean anyBusy = members.stream().anyMatch(MemberExpander.Expansion::busy);
        String skipped = members.stream().filter(e -> !e.ringable()).map(MemberExpander.Expansion::note)
                .collect(Collectors.joining(", "));
        CallQueue queue = planner.context().queue(group);
        String callId = planner.request().callId();
        OptionalInt queued = queue.position(callId);
        boolean othersFirst = queue.size() > 0 && (queued.isEmpty() || queued.getAsInt() > 1);
        // wait while every member that could answer is busy, or (FIFO) while others wait ahead of this call
        boolean waits = ringable.isEmpty() ? anyBusy : othersFirst;
        if (waits) {
            int ahead = queued.isPresent() ? queued.getAsInt() - 1 : queue.size();
            enqueue(queue, ringable.isEmpty() ? "every member busy or unavailable (" + skipped + ")"
                    : ahead + " caller(s) waiting ahead");
            return;
        }
        queue.remove(callId);
        if (ringable.isEmpty()) {
            planner.action(group.onNoAnswer(), HangUpReason.NO_ANSWER,
                    name + ": no member can be rung" + (members.isEmpty() ? " (no members)" : " (" + skipped + ")"),
                    path);
            return;
        }
        String skippedNote = skipped.isEmpty() ? "" : "; skipped: " + skipped;
        if (group.strategy() == RingStrategy.PARALLEL) {
            Set<RingTarget> targets = new LinkedHashSet<>();
            ringable.forEach(e -> targets.addAll(e.targets()));
            planner.add(new RoutingStep.Ring(List.copyOf(targets), Duration.ofSeconds(group.noAnswerSeconds()),
                    group.earlyMedia(), name + " PARALLEL: " + ringable.stream().map(MemberExpander.Expansion::note)
                    .collect(Collectors.joining(", ")) + skippedNote));
            planner.action(group.onNoAnswer(), HangUpReason.NO_ANSWER,
                    name + ": nobody answered in " + group.noAnswerSeconds() + " s", path);
            return;
        }
        long remaining = group.noAnswerSeconds() == 0 ? Long.MAX_VALUE : group.noAnswerSeconds();
        for (int i = 0; i < ringable.size() && remaining > 0; i++) {
            MemberExpander.Expansion e = ringable.get(i);
            long seconds = Math.min(group.advanceSeconds(), remaining);
            remaining -= seconds;
            planner.add(new RoutingStep.Ring(e.targets(), Duration.ofSeconds(seconds), group.earlyMedia(),
                    name + " " + group.strategy() + " " + (i + 1) + "/" + ringable.size() + ": " + e.note()
                    + detail(e.userId()) + (i == 0 ? skippedNote : "")));
        }
        planner.action(group.onNoAnswer(), HangUpReason.NO_ANSWER, name + ": nobody answered"
                + (remaining <= 0 ? " within " + group.noAnswerSeconds() + " s" : ""), path);
    }

    private void enqueue(CallQueue queue, String because) {
        OptionalInt position = queue.offer(planner.request().callId());
        if (position.isPresent()) {
            planner.add(new RoutingStep.Queue(group.id(), position.getAsInt(), name + ": " + because));
        } else {
            planner.action(group.whenQueueFull(), HangUpReason.QUEUE_FULL, name + ": " + because
                    + "; queue full (" + queue.size() + " of " + group.maxQueue() + ")", path);
        }
    }

    private final Map<String, Integer> counts = new HashMap<>();

    private List<GroupMember> ordered() {
        List<GroupMember> members = new ArrayList<>(group.members());
        switch (group.strategy()) {
            case PARALLEL -> { }
            case PRIORITY -> members.sort(Comparator.comparingInt(GroupMember::priority));
            case LEAST_CALLED -> {
                LocalDate day = local.toLocalDate();
                members.forEach(m -> counts.put(m.userId(),
                        planner.context().callsToday(group.id(), m.userId(), day)));
                members.sort(Comparator.<GroupMember>comparingInt(m -> counts.get(m.userId()))
                        .thenComparingInt(GroupMember::priority));
            }
            case RANDOM -> {
                for (int i = members.size() - 1; i > 0; i--) {
                    int j = planner.random().nextInt(i + 1);
                    members.set(i, members.set(j, members.get(i)));
                }
            }
        }
        return members;
    }

    private String detail(String userId) {
        return switch (group.strategy()) {
            case PRIORITY -> " (priority " + priorityOf(userId) + ")";
            case LEAST_CALLED -> " (" + counts.get(userId) + " calls today)";
            default -> "";
        };
    }

    private int priorityOf(String userId) {
        return group.members().stream().filter(m -> m.userId().equals(userId)).findFirst()
                .map(GroupMember::priority).orElse(0);
    }
}
