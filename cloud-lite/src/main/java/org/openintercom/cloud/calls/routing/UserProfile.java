package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A user as call routing sees them: time zone (rules are evaluated on its wall clock), do-not-disturb and up to
 * {@link #MAX_RULES} forwarding rules. Precedence between rules is the {@link CallRouter}'s.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserProfile(String id, String name, ZoneId zone, boolean doNotDisturb, List<ForwardingRule> rules) {

    public static final int MAX_RULES = 20;
    /** How long a user rings when no NO_ANSWER rule applies. */
    public static final int DEFAULT_RING_SECONDS = 30;

    public UserProfile {
        rules = rules == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(rules));
    }

    public static UserProfile of(String id, ZoneId zone, ForwardingRule... rules) {
        return new UserProfile(id, id, zone, false, List.of(rules));
    }

    public UserProfile withDoNotDisturb(boolean on) {
        return new UserProfile(id, name, zone, on, rules);
    }

    public UserProfile withRules(List<ForwardingRule> newRules) {
        return new UserProfile(id, name, zone, doNotDisturb, newRules);
    }

    /** Every problem, one {@code path: message} line each; empty when the profile is valid. */
    public List<String> validate() {
        Problems p = new Problems();
        if (Problems.blank(id)) {
            p.add("id", "required");
        }
        if (zone == null) {
            p.add("zone", "required (e.g. Europe/Berlin)");
        }
        if (rules.size() > MAX_RULES) {
            p.add(Problems.at("rules", MAX_RULES), "at most " + MAX_RULES + " rules per user, got " + rules.size());
        }
        for (int i = 0; i < rules.size(); i++) {
            ForwardingRule r = rules.get(i);
            String path = Problems.at("rules", i);
            if (r == null) {
                p.add(path, "required");
                continue;
            }
            r.check(path, p);
            Destination to = r.forwardTo();
            if (id != null && to != null && to.type() == Destination.Type.USER && id.equals(to.value())) {
                p.add(Problems.at(path, "forwardTo"), "forwards to the user itself");
            }
        }
        return p.list();
    }

    /** This profile, or {@link InvalidRoutingConfigException} listing every problem. */
    public UserProfile requireValid() {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new InvalidRoutingConfigException("user '" + id + "'", problems);
        }
        return this;
    }
}
