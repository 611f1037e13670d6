package org.openintercom.cloud.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.openintercom.cloud.api.ApiMessages.Items;
import org.openintercom.cloud.calls.directory.SipUser;
import org.openintercom.cloud.calls.directory.StoredRingGroup;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;

/**
 * The routes of a site's SIP users, their forwarding rules and its ring groups (docs/cloud-api.md, "SIP users and
 * ring groups").
 */
final class CallDirectoryEndpoints {

    private static final String V1 = "/api/v1";
    private static final String USERS = V1 + "/sites/{siteId}/sip-users";
    private static final String GROUPS = V1 + "/sites/{siteId}/ring-groups";

    private CallDirectoryEndpoints() {
    }

    /** Creates or changes a SIP user; the password is write-only. */
    record SipUserRequest(String username, String displayName, String password) {
        @Override
        public String toString() {
            return "SipUserRequest[" + username + "]";
        }
    }

    /** A SIP user without its credentials: the hashes are password equivalents and never leave the cloud. */
    record SipUserView(String username, long siteId, String displayName, String realm, UserProfile rules,
            Instant createdAt, Instant updatedAt) {
        static SipUserView of(SipUser u) {
            return new SipUserView(u.username(), u.siteId(), u.displayName(), u.account().realm(), u.rules(),
                    u.createdAt(), u.updatedAt());
        }
    }

    /** A ring group: its definition (as PUT takes it) and where and when it was stored. */
    record RingGroupView(long siteId, @JsonUnwrapped RingGroup group, Instant createdAt, Instant updatedAt) {
        static RingGroupView of(StoredRingGroup g) {
            return new RingGroupView(g.siteId(), g.group(), g.createdAt(), g.updatedAt());
        }
    }

    static void addTo(Router router, CallDirectoryService directory) {
        router.add("GET", USERS, call -> Reply.ok(new Items<>(Reply.orFail(directory.users(call.caller(),
                        site(call))).stream().map(SipUserView::of).toList())))
                .add("POST", USERS, call -> {
                    SipUserRequest q = call.body(SipUserRequest.class);
                    return Reply.created(SipUserView.of(Reply.orFail(directory.createUser(call.caller(), site(call),
                            q.username(), q.displayName(), q.password()))));
                })
                .add("GET", USERS + "/{username}", call -> Reply.ok(SipUserView.of(Reply.orFail(
                        directory.user(call.caller(), site(call), username(call))))))
                .add("PUT", USERS + "/{username}", call -> {
                    SipUserRequest q = call.body(SipUserRequest.class);
                    if (q.username() != null && !q.username().equals(username(call))) {
                        throw ApiError.badRequest("SIP user '" + username(call) + "' is invalid: username: must be '"
                                + username(call) + "' (the user in the path; a user cannot be renamed)");
                    }
                    return Reply.ok(SipUserView.of(Reply.orFail(directory.updateUser(call.caller(), site(call),
                            username(call), q.displayName(), q.password()))));
                })
                .add("DELETE", USERS + "/{username}", call -> {
                    Reply.orFail(directory.deleteUser(call.caller(), site(call), username(call)));
                    return new Reply(204, null);
                })
                .add("GET", USERS + "/{username}/rules", call -> Reply.ok(Reply.orFail(
                        directory.rules(call.caller(), site(call), username(call)))))
                .add("PUT", USERS + "/{username}/rules", call -> Reply.ok(Reply.orFail(directory.setRules(
                        call.caller(), site(call), username(call), call.body(UserProfile.class))).rules()))
                .add("DELETE", USERS + "/{username}/rules", call -> {
                    Reply.orFail(directory.deleteRules(call.caller(), site(call), username(call)));
                    return new Reply(204, null);
                })
                .add("GET", GROUPS, call -> Reply.ok(new Items<>(Reply.orFail(directory.groups(call.caller(),
                        site(call))).stream().map(RingGroupView::of).toList())))
                .add("POST", GROUPS, call -> Reply.created(RingGroupView.of(Reply.orFail(directory.createGroup(
                        call.caller(), site(call), call.body(RingGroup.class))))))
                .add("GET", GROUPS + "/{groupId}", call -> Reply.ok(RingGroupView.of(Reply.orFail(
                        directory.group(call.caller(), site(call), groupId(call))))))
                .add("PUT", GROUPS + "/{groupId}", call -> Reply.ok(RingGroupView.of(Reply.orFail(
                        directory.updateGroup(call.caller(), site(call), groupId(call),
                                call.body(RingGroup.class))))))
                .add("DELETE", GROUPS + "/{groupId}", call -> {
                    Reply.orFail(directory.deleteGroup(call.caller(), site(call), groupId(call)));
                    return new Reply(204, null);
                });
    }

    private static long site(Call call) {
        return call.longParam("siteId");
    }

    private static String username(Call call) {
        return call.pathParams().get("username");
    }

    private static String groupId(Call call) {
        return call.pathParams().get("groupId");
    }
}
