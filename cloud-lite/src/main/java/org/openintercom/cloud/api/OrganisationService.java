package org.openintercom.cloud.api;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Company;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Project;
import org.openintercom.cloud.store.Site;

/** Creates and lists companies, projects and sites as far as the caller's roles allow. */
public final class OrganisationService {

    private final OrganisationStore store;
    private final AuditLog audit;

    public OrganisationService(OrganisationStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    /** Creates a company (system administrators only). */
    public Result<Company> createCompany(Principal caller, String name) {
        Optional<Problem> bad = checkName(name);
        if (bad.isPresent()) {
            return Result.refused(bad.get());
        }
        Decision d = Permissions.check(caller, Action.ADMINISTER, Scope.system());
        if (!d.allowed()) {
            return Result.refused(Problem.forbidden(d.reason()));
        }
        Company company = store.createCompany(name.strip());
        audit.record(caller.username(), "create-company", "company:" + company.id(), AuditEntry.Outcome.OK, name);
        return Result.ok(company);
    }

    /** Creates a project in a company (company administrators). */
    public Result<Project> createProject(Principal caller, long companyId, String name) {
        Optional<Problem> bad = checkName(name);
        if (bad.isPresent()) {
            return Result.refused(bad.get());
        }
        if (store.findCompany(companyId).isEmpty()) {
            return Result.refused(Problem.notFound("no company " + companyId));
        }
        Decision d = Permissions.check(caller, Action.ADMINISTER, Scope.company(companyId));
        if (!d.allowed()) {
            return Result.refused(Problem.forbidden(d.reason()));
        }
        Project project = store.createProject(companyId, name.strip());
        audit.record(caller.username(), "create-project", "project:" + project.id(), AuditEntry.Outcome.OK, name);
        return Result.ok(project);
    }

    /** Creates a site in a project (administrators and installers of the project). */
    public Result<Site> createSite(Principal caller, long projectId, String name, String timeZone) {
        Optional<Problem> bad = checkName(name);
        if (bad.isPresent()) {
            return Result.refused(bad.get());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? "" : timeZone);
        } catch (DateTimeException e) {
            return Result.refused(Problem.invalid("timeZone '" + timeZone
                    + "' is not a time zone id such as Europe/Zurich"));
        }
        Optional<Project> project = store.findProject(projectId);
        if (project.isEmpty()) {
            return Result.refused(Problem.notFound("no project " + projectId));
        }
        Decision d = Permissions.check(caller, Action.CONFIGURE, Scope.project(project.get().companyId(), projectId));
        if (!d.allowed()) {
            return Result.refused(Problem.forbidden(d.reason()));
        }
        Site site = store.createSite(projectId, name.strip(), zone);
        audit.record(caller.username(), "create-site", "site:" + site.id(), AuditEntry.Outcome.OK, name);
        return Result.ok(site);
    }

    /** The companies the caller holds a role in, at or below. */
    public List<Company> companies(Principal caller) {
        return store.companies().stream().filter(c -> Permissions.canSee(caller, Scope.company(c.id()))).toList();
    }

    /** The projects of a company the caller may see. */
    public Result<List<Project>> projects(Principal caller, long companyId) {
        if (store.findCompany(companyId).isEmpty() || !Permissions.canSee(caller, Scope.company(companyId))) {
            return Result.refused(Problem.notFound("no company " + companyId + " visible to " + caller.username()));
        }
        return Result.ok(store.projects().stream()
                .filter(p -> p.companyId() == companyId)
                .filter(p -> Permissions.canSee(caller, Scope.project(companyId, p.id())))
                .toList());
    }

    /** The sites of a project the caller may see. */
    public Result<List<Site>> sites(Principal caller, long projectId) {
        Optional<Project> project = store.findProject(projectId);
        if (project.isEmpty() || !Permissions.canSee(caller, Scope.project(project.get().companyId(), projectId))) {
            return Result.refused(Problem.notFound("no project " + projectId + " visible to " + caller.username()));
        }
        return Result.ok(store.sites().stream()
                .filter(s -> s.projectId() == projectId)
                .filter(s -> Permissions.canSee(caller, s.scope()))
                .toList());
    }

    private static Optional<Problem> checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            return Optional.of(Problem.invalid("name is required (1 to 200 characters)"));
        }
        return Optional.empty();
    }
}
