package org.openintercom.cloud.api;

import java.time.Duration;
import java.util.Map;
import org.openintercom.provisioning.channel.Command;
import com.fasterxml.jackson.databind.JsonNode;
import org.openintercom.cloud.api.ApiMessages.AuditEntryView;
import org.openintercom.cloud.api.ApiMessages.ClaimRequest;
import org.openintercom.cloud.api.ApiMessages.ClaimResponse;
import org.openintercom.cloud.api.ApiMessages.CommandRequest;
import org.openintercom.cloud.api.ApiMessages.CompanyView;
import org.openintercom.cloud.api.ApiMessages.ConfigurationResponse;
import org.openintercom.cloud.api.ApiMessages.DeviceView;
import org.openintercom.cloud.api.ApiMessages.Items;
import org.openintercom.cloud.api.ApiMessages.NameRequest;
import org.openintercom.cloud.api.ApiMessages.ProjectView;
import org.openintercom.cloud.api.ApiMessages.RoleRequest;
import org.openintercom.cloud.api.ApiMessages.RoleView;
import org.openintercom.cloud.api.ApiMessages.SessionRequest;
import org.openintercom.cloud.api.ApiMessages.SessionResponse;
import org.openintercom.cloud.api.ApiMessages.SiteRequest;
import org.openintercom.cloud.api.ApiMessages.SiteView;
import org.openintercom.cloud.api.ApiMessages.TransferRequest;
import org.openintercom.cloud.api.ApiMessages.UnclaimResponse;
import org.openintercom.cloud.api.ApiMessages.UserRequest;
import org.openintercom.cloud.api.ApiMessages.UserView;
import org.openintercom.cloud.auth.IssuedToken;
import org.openintercom.cloud.store.ClaimResult;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceQuery;
import org.openintercom.cloud.store.RoleAssignment;
import org.openintercom.cloud.store.Unclaimed;
import org.openintercom.cloud.store.User;

/** The route table of the installer API (see docs/cloud-api.md) and the handlers that translate JSON to service calls. */
final class Endpoints {

    private static final String V1 = "/api/v1";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    private Endpoints() {
    }

    static Router router(CloudApi api, JsonCodec json) {
        Router router = routes(api, json);
        RolloutEndpoints.addTo(router, api);
        api.calls().ifPresent(calls -> CallHistoryEndpoints.addTo(router, calls));
        api.callDirectory().ifPresent(directory -> CallDirectoryEndpoints.addTo(router, directory));
        api.firmware().ifPresent(firmware -> router
                .add("POST", V1 + "/firmware", call -> {
                    throw new IllegalStateException("uploads are streamed by FirmwareUpload");
                })
                .add("GET", V1 + "/firmware", call -> Reply.ok(new Items<>(Reply.orFail(firmware.list(call.caller())))))
                .add("GET", V1 + "/firmware/{bundleId}", call -> Reply.ok(Reply.orFail(
                        firmware.get(call.caller(), call.pathParams().get("bundleId")))))
                .add("DELETE", V1 + "/firmware/{bundleId}", call -> {
                    Reply.orFail(firmware.delete(call.caller(), call.pathParams().get("bundleId")));
                    return new Reply(204, null);
                }));
        return router;
    }

    private static Router routes(CloudApi api, JsonCodec json) {
        return new Router()
                .addPublic("POST", V1 + "/session", call -> signIn(api, call))
                .add("GET", V1 + "/companies", call -> Reply.ok(new Items<>(
                        api.organisations().companies(call.caller()).stream().map(CompanyView::of).toList())))
                .add("POST", V1 + "/companies", call -> Reply.created(CompanyView.of(Reply.orFail(
                        api.organisations().createCompany(call.caller(), call.body(NameRequest.class).name())))))
                .add("GET", V1 + "/companies/{companyId}/projects", call -> Reply.ok(new Items<>(Reply.orFail(
                        api.organisations().projects(call.caller(), call.longParam("companyId")))
                        .stream().map(ProjectView::of).toList())))
                .add("POST", V1 + "/companies/{companyId}/projects", call -> Reply.created(ProjectView.of(
                        Reply.orFail(api.organisations().createProject(call.caller(), call.longParam("companyId"),
                                call.body(NameRequest.class).name())))))
                .add("GET", V1 + "/projects/{projectId}/sites", call -> Reply.ok(new Items<>(Reply.orFail(
                        api.organisations().sites(call.caller(), call.longParam("projectId")))
                        .stream().map(SiteView::of).toList())))
                .add("POST", V1 + "/projects/{projectId}/sites", call -> {
                    SiteRequest request = call.body(SiteRequest.class);
                    return Reply.created(SiteView.of(Reply.orFail(api.organisations().createSite(call.caller(),
                            call.longParam("projectId"), request.name(), request.timeZone()))));
                })
                .add("POST", V1 + "/users", call -> {
                    UserRequest request = call.body(UserRequest.class);
                    User user = Reply.orFail(api.users().createUser(call.caller(), request.username(),
                            request.password()));
                    return Reply.created(new UserView(user.username(), user.createdAt()));
                })
                .add("POST", V1 + "/users/{username}/roles", call -> assignRole(api, call))
                .add("POST", V1 + "/sites/{siteId}/claims", call -> claim(api, call))
                .add("GET", V1 + "/devices", call -> Reply.ok(new Items<>(api.devices().list(call.caller(),
                        new DeviceQuery(call.longQuery("company"), call.longQuery("project"), call.longQuery("site")))
                        .stream().map(DeviceView::summary).toList())))
                .add("GET", V1 + "/devices/{deviceId}", call -> {
                    Device d = Reply.orFail(api.devices().get(call.caller(), call.deviceId("deviceId")));
                    return Reply.ok(DeviceView.of(d, json.parseStored(d.desiredConfig()),
                            json.parseStored(d.reportedConfig())));
                })
                .add("PUT", V1 + "/devices/{deviceId}/configuration", call -> {
                    JsonNode config = call.json().tree(call.body());
                    long version = Reply.orFail(api.devices().configure(call.caller(), call.deviceId("deviceId"), config));
                    return Reply.ok(new ConfigurationResponse(call.deviceId("deviceId").value(), version));
                })
                .add("DELETE", V1 + "/devices/{deviceId}/claim", call -> {
                    Unclaimed u = Reply.orFail(api.devices().unclaim(call.caller(), call.deviceId("deviceId")));
                    return Reply.ok(new UnclaimResponse(u.deviceId().value(), u.revokedSerial()));
                })
                .add("POST", V1 + "/devices/{deviceId}/commands", call -> {
                    CommandRequest request = call.body(CommandRequest.class);
                    if (request.type() == null || request.type() == Command.Type.UNKNOWN) {
                        throw ApiError.badRequest("field 'type' must be one of OPEN_DOOR, REBOOT, RENAME, TAKE_SNAPSHOT");
                    }
                    return Reply.ok(Reply.orFail(api.devices().command(call.caller(), call.deviceId("deviceId"),
                            request.type(), request.arguments() == null ? Map.of() : request.arguments(),
                            COMMAND_TIMEOUT)));
                })
                .add("POST", V1 + "/devices/{deviceId}/transfer", call -> {
                    Long siteId = call.body(TransferRequest.class).siteId();
                    if (siteId == null) {
                        throw ApiError.badRequest("field 'siteId' is required");
                    }
                    return Reply.ok(DeviceView.summary(Reply.orFail(
                            api.devices().transfer(call.caller(), call.deviceId("deviceId"), siteId))));
                })
                .add("GET", V1 + "/audit", call -> {
                    Long limit = call.query().containsKey("limit") ? call.longQuery("limit") : 100L;
                    int n = limit == null || limit > Integer.MAX_VALUE ? -1 : limit.intValue();
                    return Reply.ok(new Items<>(Reply.orFail(api.audit().recent(call.caller(), n))
                            .stream().map(AuditEntryView::of).toList()));
                });
    }

    private static Reply signIn(CloudApi api, Call call) {
        SessionRequest request = call.body(SessionRequest.class);
        if (request.username() == null || request.password() == null) {
            throw ApiError.badRequest("fields 'username' and 'password' are required");
        }
        IssuedToken token = api.authenticator().signIn(request.username(), request.password())
                .orElseThrow(() -> new ApiError(401, "unauthorized", "wrong username or password"));
        return Reply.created(new SessionResponse(token.token(), token.expiresAt()));
    }

    private static Reply assignRole(CloudApi api, Call call) {
        RoleRequest request = call.body(RoleRequest.class);
        if (request.role() == null || request.scopeType() == null
                || (request.scopeId() == null && request.scopeType() != org.openintercom.cloud.auth.ScopeType.SYSTEM)) {
            throw ApiError.badRequest("fields 'role', 'scopeType' and 'scopeId' are required");
        }
        long scopeId = request.scopeId() == null ? 0 : request.scopeId();
        RoleAssignment a = Reply.orFail(api.users().assignRole(call.caller(), call.pathParams().get("username"),
                request.role(), request.scopeType(), scopeId));
        return Reply.created(new RoleView(a.username(), a.role(), a.scopeType(), a.scopeId()));
    }

    private static Reply claim(CloudApi api, Call call) {
        ClaimRequest request = call.body(ClaimRequest.class);
        if (request.code() == null) {
            throw ApiError.badRequest("field 'code' is required (the QR payload or the typed claim code)");
        }
        ClaimResult result = api.claims().claim(call.caller(), call.longParam("siteId"), request.code(),
                request.name(), request.configuration());
        if (result.isClaimed()) {
            return Reply.created(ClaimResponse.of(result.device()));
        }
        int status = switch (result.refusal()) {
            case INVALID_CODE, INVALID_REQUEST -> 400;
            case NOT_PERMITTED -> 403;
            case UNKNOWN_SITE -> 404;
            case ALREADY_CLAIMED, NONCE_USED, KEY_MISMATCH -> 409;
        };
        throw new ApiError(status, result.refusal().name().toLowerCase(), result.detail());
    }
}
