package org.openintercom.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.ScopeType;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.Company;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.Project;
import org.openintercom.cloud.store.Site;

/** The JSON request and response bodies of the installer API, one record each. */
public final class ApiMessages {

    private ApiMessages() {
    }

    /** Sign-in. */
    public record SessionRequest(String username, String password) { }

    public record SessionResponse(String token, Instant expiresAt) { }

    /** Creates a company or project. */
    public record NameRequest(String name) { }

    public record SiteRequest(String name, String timeZone) { }

    public record CompanyView(long id, String name, Instant createdAt) {
        static CompanyView of(Company c) {
            return new CompanyView(c.id(), c.name(), c.createdAt());
        }
    }

    public record ProjectView(long id, long companyId, String name, Instant createdAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id(), p.companyId(), p.name(), p.createdAt());
        }
    }

    public record SiteView(long id, long projectId, long companyId, String name, String timeZone, Instant createdAt) {
        static SiteView of(Site s) {
            return new SiteView(s.id(), s.projectId(), s.companyId(), s.name(), s.timeZone().getId(), s.createdAt());
        }
    }

    public record UserRequest(String username, String password) { }

    public record UserView(String username, Instant createdAt) { }

    public record RoleRequest(Role role, ScopeType scopeType, Long scopeId) { }

    public record RoleView(String username, Role role, ScopeType scopeType, long scopeId) { }

    /** Claims a device: {@code code} is the QR payload or the typed code. */
    public record ClaimRequest(String code, String name, JsonNode configuration) { }

    public record ClaimResponse(String deviceId, long siteId, DeviceState state, Instant claimExpiresAt,
            long desiredVersion) {
        static ClaimResponse of(Device d) {
            return new ClaimResponse(d.id().value(), d.siteId(), d.state(), d.claimExpiresAt(), d.desiredVersion());
        }
    }

    public record DeviceView(String deviceId, DeviceState state, String name, String model, Long companyId,
            Long projectId, Long siteId, boolean online, Instant lastSeen, long desiredVersion, long reportedVersion,
            String claimedBy, Instant claimedAt, Instant claimExpiresAt, String certificateSerial,
            Instant certificateExpiresAt, JsonNode desiredConfiguration, JsonNode reportedConfiguration) {

        static DeviceView summary(Device d) {
            return of(d, null, null);
        }

        static DeviceView of(Device d, JsonNode desired, JsonNode reported) {
            return new DeviceView(d.id().value(), d.state(), d.name(), d.model(), d.scope().companyId(),
                    d.scope().projectId(), d.siteId(), d.online(), d.lastSeen(), d.desiredVersion(),
                    d.reportedVersion(), d.claimedBy(), d.claimedAt(), d.claimExpiresAt(), d.certificateSerial(),
                    d.certificateExpiresAt(), desired, reported);
        }
    }

    public record ConfigurationResponse(String deviceId, long desiredVersion) { }

    public record UnclaimResponse(String deviceId, String revokedSerial) { }

    public record TransferRequest(Long siteId) { }

    /** Body of POST /devices/{id}/commands: what to do, with its arguments (RENAME takes "name"). */
    public record CommandRequest(org.openintercom.provisioning.channel.Command.Type type, Map<String, String> arguments) { }

    public record AuditEntryView(long id, Instant at, String actor, String action, String target,
            AuditEntry.Outcome outcome, String detail) {
        static AuditEntryView of(AuditEntry e) {
            return new AuditEntryView(e.id(), e.at(), e.actor(), e.action(), e.target(), e.outcome(), e.detail());
        }
    }

    /** A listing. */
    public record Items<T>(List<T> items) { }

    /** Every error: a short machine-readable code and a sentence for a person. */
    public record ErrorBody(String error, String detail) { }
}
