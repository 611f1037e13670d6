package org.openintercom.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.auth.ScopeType;

/** Companies, their projects and the projects' sites. */
public final class OrganisationStore {

    private static final String SITE_COLUMNS =
            "SELECT s.id, s.project_id, p.company_id, s.name, s.time_zone, s.created_at"
                    + " FROM sites s JOIN projects p ON p.id = s.project_id";

    private final Database db;
    private final Clock clock;

    public OrganisationStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a company. */
    public Company createCompany(String name) {
        var now = clock.instant();
        long id = db.inTransaction("create company " + name, c ->
                insert(c, "INSERT INTO companies (name, created_at) VALUES (?, ?)", ps -> {
                    ps.setString(1, name);
                    Jdbc.setInstant(ps, 2, now);
                }));
        return new Company(id, name, now);
    }

    /** Creates a project in an existing company. */
    public Project createProject(long companyId, String name) {
        var now = clock.instant();
        long id = db.inTransaction("create project " + name, c ->
                insert(c, "INSERT INTO projects (company_id, name, created_at) VALUES (?, ?, ?)", ps -> {
                    ps.setLong(1, companyId);
                    ps.setString(2, name);
                    Jdbc.setInstant(ps, 3, now);
                }));
        return new Project(id, companyId, name, now);
    }

    /** Creates a site in an existing project. */
    public Site createSite(long projectId, String name, ZoneId timeZone) {
        var now = clock.instant();
        Project project = findProject(projectId)
                .orElseThrow(() -> new IllegalArgumentException("no project " + projectId));
        long id = db.inTransaction("create site " + name, c ->
                insert(c, "INSERT INTO sites (project_id, name, time_zone, created_at) VALUES (?, ?, ?, ?)",
                        ps -> {
                            ps.setLong(1, projectId);
                            ps.setString(2, name);
                            ps.setString(3, timeZone.getId());
                            Jdbc.setInstant(ps, 4, now);
                        }));
        return new Site(id, projectId, project.companyId(), name, timeZone, now);
    }

    /** The company with {@code id}. */
    public Optional<Company> findCompany(long id) {
        return companies("SELECT id, name, created_at FROM companies WHERE id = ?", id).stream().findFirst();
    }

    /** The project with {@code id}. */
    public Optional<Project> findProject(long id) {
        return projects("SELECT id, company_id, name, created_at FROM projects WHERE id = ?", id)
                .stream().findFirst();
    }

    /** The site with {@code id}. */
    public Optional<Site> findSite(long id) {
        return sites(SITE_COLUMNS + " WHERE s.id = ?", id).stream().findFirst();
    }

    /** All companies, oldest first. */
    public List<Company> companies() {
        return companies("SELECT id, name, created_at FROM companies ORDER BY id", null);
    }

    /** All projects, oldest first. */
    public List<Project> projects() {
        return projects("SELECT id, company_id, name, created_at FROM projects ORDER BY id", null);
    }

    /** All sites, oldest first. */
    public List<Site> sites() {
        return sites(SITE_COLUMNS + " ORDER BY s.id", null);
    }

    /** The node {@code type}/{@code id} with its ancestry, if it exists. */
    public Optional<Scope> scopeOf(ScopeType type, long id) {
        return switch (type) {
            case SYSTEM -> Optional.of(Scope.system());
            case COMPANY -> findCompany(id).map(company -> Scope.company(company.id()));
            case PROJECT -> findProject(id).map(p -> Scope.project(p.companyId(), p.id()));
            case SITE -> findSite(id).map(Site::scope);
        };
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static long insert(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            binder.bind(ps);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong("id");
            }
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Long id, RowMapper<T> mapper) {
        return db.read("query " + sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (id != null) {
                    ps.setLong(1, id);
                }
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(mapper.map(rs));
                    }
                }
                return rows;
            }
        });
    }

    private List<Company> companies(String sql, Long id) {
        return query(sql, id, rs -> new Company(rs.getLong("id"), rs.getString("name"),
                Jdbc.instant(rs, "created_at")));
    }

    private List<Project> projects(String sql, Long id) {
        return query(sql, id, rs -> new Project(rs.getLong("id"), rs.getLong("company_id"),
                rs.getString("name"), Jdbc.instant(rs, "created_at")));
    }

    private List<Site> sites(String sql, Long id) {
        return query(sql, id, rs -> new Site(rs.getLong("id"), rs.getLong("project_id"),
                rs.getLong("company_id"), rs.getString("name"), ZoneId.of(rs.getString("time_zone")),
                Jdbc.instant(rs, "created_at")));
    }
}
