package org.openintercom.cloud.api;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import org.openintercom.cloud.api.ApiMessages.Items;
import org.openintercom.cloud.api.RolloutMessages.CurrentReleaseRequest;
import org.openintercom.cloud.api.RolloutMessages.CurrentReleaseView;
import org.openintercom.cloud.api.RolloutMessages.DashboardView;
import org.openintercom.cloud.api.RolloutMessages.PolicyRequest;
import org.openintercom.cloud.api.RolloutMessages.PolicyView;
import org.openintercom.cloud.api.RolloutMessages.ReasonRequest;
import org.openintercom.cloud.api.RolloutMessages.RolloutRequest;
import org.openintercom.cloud.api.RolloutMessages.RolloutView;
import org.openintercom.cloud.api.RolloutMessages.TargetView;
import org.openintercom.cloud.api.RolloutMessages.WindowRequest;
import org.openintercom.cloud.api.RolloutMessages.WindowView;
import org.openintercom.cloud.rollout.AbortRule;
import org.openintercom.cloud.rollout.RolloutPlan;
import org.openintercom.cloud.rollout.RolloutService;
import org.openintercom.cloud.rollout.SiteWindow;

/** The routes of rollouts, update policies, maintenance windows and current releases (docs/cloud-api.md). */
final class RolloutEndpoints {

    private static final String V1 = "/api/v1";

    private RolloutEndpoints() {
    }

    static void addTo(Router router, CloudApi api) {
        router.add("POST", V1 + "/rollouts", call -> {
                    RolloutRequest q = call.body(RolloutRequest.class);
                    AbortRule rule = q.abortRule() == null ? AbortRule.none()
                            : AbortRule.of(q.abortRule().maxFailurePercent(), q.abortRule().maxFailures());
                    RolloutPlan plan = new RolloutPlan(q.bundleId(), q.models(), q.siteIds(), q.projectIds(),
                            q.waves(), q.soak(), q.waveTimeout(), rule);
                    return Reply.created(DashboardView.of(Reply.orFail(rollouts(api).create(call.caller(), plan))));
                })
                .add("GET", V1 + "/rollouts", call -> Reply.ok(new Items<>(rollouts(api).list(call.caller()).stream()
                        .map(RolloutView::of).toList())))
                .add("GET", V1 + "/rollouts/{rolloutId}", call -> Reply.ok(DashboardView.of(Reply.orFail(
                        rollouts(api).get(call.caller(), call.longParam("rolloutId"))))))
                .add("POST", V1 + "/rollouts/{rolloutId}/pause", call -> Reply.ok(DashboardView.of(Reply.orFail(
                        rollouts(api).pause(call.caller(), call.longParam("rolloutId"), reason(call))))))
                .add("POST", V1 + "/rollouts/{rolloutId}/resume", call -> Reply.ok(DashboardView.of(Reply.orFail(
                        rollouts(api).resume(call.caller(), call.longParam("rolloutId"))))))
                .add("POST", V1 + "/rollouts/{rolloutId}/abort", call -> Reply.ok(DashboardView.of(Reply.orFail(
                        rollouts(api).abort(call.caller(), call.longParam("rolloutId"), reason(call))))))
                .add("POST", V1 + "/rollouts/{rolloutId}/devices/{deviceId}/approval", call -> Reply.ok(TargetView.of(
                        Reply.orFail(rollouts(api).approve(call.caller(), call.longParam("rolloutId"),
                                call.deviceId("deviceId"))))))
                .add("GET", V1 + "/devices/{deviceId}/update-policy", call -> Reply.ok(PolicyView.of(Reply.orFail(
                        rollouts(api).policy(call.caller(), call.deviceId("deviceId"))))))
                .add("PUT", V1 + "/devices/{deviceId}/update-policy", call -> Reply.ok(PolicyView.of(Reply.orFail(
                        rollouts(api).setPolicy(call.caller(), call.deviceId("deviceId"),
                                call.body(PolicyRequest.class).policy())))))
                .add("GET", V1 + "/sites/{siteId}/maintenance-window", call -> {
                    long siteId = call.longParam("siteId");
                    SiteWindow w = Reply.orFail(rollouts(api).window(call.caller(), siteId)).orElseThrow(() ->
                            new ApiError(404, "not_found", "site " + siteId + " has no maintenance window"));
                    return Reply.ok(windowView(api, w));
                })
                .add("PUT", V1 + "/sites/{siteId}/maintenance-window", call -> {
                    WindowRequest q = call.body(WindowRequest.class);
                    SiteWindow w = Reply.orFail(rollouts(api).setWindow(call.caller(), call.longParam("siteId"),
                            time("start", q.start()), time("end", q.end()),
                            q.days() == null || q.days().isEmpty() ? EnumSet.noneOf(java.time.DayOfWeek.class)
                                    : EnumSet.copyOf(q.days())));
                    return Reply.ok(windowView(api, w));
                })
                .add("DELETE", V1 + "/sites/{siteId}/maintenance-window", call -> {
                    Reply.orFail(rollouts(api).removeWindow(call.caller(), call.longParam("siteId")));
                    return new Reply(204, null);
                })
                .add("GET", V1 + "/current-firmware", call -> Reply.ok(new Items<>(rollouts(api)
                        .currentReleases(call.caller()).stream().map(CurrentReleaseView::of).toList())))
                .add("PUT", V1 + "/current-firmware", call -> {
                    CurrentReleaseRequest q = call.body(CurrentReleaseRequest.class);
                    return Reply.ok(CurrentReleaseView.of(Reply.orFail(rollouts(api).setCurrentRelease(call.caller(),
                            q.model(), q.projectId(), q.bundleId()))));
                });
    }

    private static RolloutService rollouts(CloudApi api) {
        return api.rollouts().orElseThrow(() -> new ApiError(503, "unavailable",
                "rollouts need the firmware repository, which this cloud-lite does not have"));
    }

    private static String reason(Call call) {
        return call.body().length == 0 ? null : call.body(ReasonRequest.class).reason();
    }

    private static LocalTime time(String field, String text) {
        if (text == null) {
            throw ApiError.badRequest("field '" + field + "' is required (HH:MM, the site's local time)");
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("field '" + field + "' must be a time like 02:30, was '" + text + "'");
        }
    }

    private static WindowView windowView(CloudApi api, SiteWindow w) {
        String zone = rollouts(api).findSite(w.siteId()).map(s -> s.timeZone().getId()).orElse(null);
        return WindowView.of(w, zone);
    }

}
