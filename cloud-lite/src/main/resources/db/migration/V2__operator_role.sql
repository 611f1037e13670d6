-- The OPERATOR role (firmware and rollouts). The role check of V1 has a generated name that differs between
-- H2 and PostgreSQL, so the table is rebuilt with the wider check (portable SQL).
CREATE TABLE role_assignments_v2 (
    username   VARCHAR(64) NOT NULL REFERENCES users (username),
    role       VARCHAR(16) NOT NULL CHECK (role IN ('ADMIN', 'INSTALLER', 'OPERATOR', 'VIEWER')),
    scope_type VARCHAR(16) NOT NULL CHECK (scope_type IN ('SYSTEM', 'COMPANY', 'PROJECT', 'SITE')),
    scope_id   BIGINT NOT NULL,
    PRIMARY KEY (username, role, scope_type, scope_id)
);
INSERT INTO role_assignments_v2 (username, role, scope_type, scope_id)
    SELECT username, role, scope_type, scope_id FROM role_assignments;
DROP TABLE role_assignments;
ALTER TABLE role_assignments_v2 RENAME TO role_assignments;
